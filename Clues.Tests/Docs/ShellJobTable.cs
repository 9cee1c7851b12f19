using System.Globalization;
using System.Text.RegularExpressions;

namespace Clues.Tests.Docs;

/// <summary>
/// A terminal's background jobs as bash keeps them, enough to check a guide's <c>kill</c> and <c>wait</c>: each job
/// is named after its command <em>as bash parsed it</em> (an alias already expanded, so <c>%ALIAS</c> names no job),
/// numbered from 1, and reaped by <c>wait</c>; <c>NAME=$!</c> keeps the process id of the last job started.
/// </summary>
internal sealed partial class ShellJobTable
{
    private readonly List<Job> _jobs = [];
    private readonly Dictionary<string, Job> _variables = new(StringComparer.Ordinal);
    private Job? _last;

    /// <summary>One background job: its number, its command text and whether it still runs.</summary>
    public sealed record Job(int Number, string Text)
    {
        public bool Alive { get; set; } = true;
    }

    /// <summary>The jobs started and not yet reaped by a <c>wait</c>.</summary>
    public IReadOnlyList<Job> Jobs => _jobs;

    /// <summary><c>COMMAND &amp;</c>, with <paramref name="text"/> the command after alias expansion.</summary>
    public void Start(string text)
    {
        _last = new Job((_jobs.Count == 0 ? 0 : _jobs.Max(j => j.Number)) + 1, text);
        _jobs.Add(_last);
    }

    /// <summary>
    /// Takes <paramref name="words"/> if they are <c>NAME=$!</c>: <c>$NAME</c> then names the last job started.
    /// </summary>
    /// <exception cref="InvalidOperationException">No job was started before.</exception>
    public bool TryAssign(IReadOnlyList<string> words)
    {
        if (words.Count != 1 || PidAssignment().Match(words[0]) is not { Success: true } match)
        {
            return false;
        }
        _variables[match.Groups["name"].Value] = _last ?? throw new InvalidOperationException($"{words[0]}: no job was started before, so $! is empty");
        return true;
    }

    /// <summary>
    /// The job an argument of <c>kill</c> or <c>wait</c> names (<c>%N</c>, <c>%PREFIX</c>, <c>%?TEXT</c> or
    /// <c>$NAME</c>), or null with the reason bash gives. A <c>$NAME</c> whose job was reaped names none: bash then says
    /// "not a child of this shell" to <c>wait</c>.
    /// </summary>
    public Job? Find(string argument, out string? error)
    {
        error = null;
        if (argument.StartsWith('$'))
        {
            if (!_variables.TryGetValue(argument[1..], out var job))
            {
                error = $"{argument} is not set";
                return null;
            }
            if (!_jobs.Contains(job))
            {
                error = $"{argument}: that process was already waited for";
                return null;
            }
            return job;
        }
        if (!argument.StartsWith('%'))
        {
            error = $"{argument} names no job";
            return null;
        }
        var spec = argument[1..];
        var matches = int.TryParse(spec, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? _jobs.FindAll(j => j.Number == number)
            : spec.StartsWith('?')
                ? _jobs.FindAll(j => j.Text.Contains(spec[1..], StringComparison.Ordinal))
                : _jobs.FindAll(j => j.Text.StartsWith(spec, StringComparison.Ordinal));
        if (matches.Count != 1)
        {
            error = matches.Count == 0 ? $"{argument}: no such job" : $"{argument}: ambiguous job spec";
            return null;
        }
        return matches[0];
    }

    /// <summary><c>kill JOB</c>: it stops, and stays in the table until waited for.</summary>
    public static void Kill(Job job) => job.Alive = false;

    /// <summary><c>wait JOB</c>: it is reaped, its number and name are free again.</summary>
    public void Wait(Job job) => _jobs.Remove(job);

    [GeneratedRegex(@"^(?<name>[A-Za-z_]\w*)=\$!$")]
    private static partial Regex PidAssignment();
}
