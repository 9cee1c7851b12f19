using Clues.Plugins.Sge;

namespace Clues.Tests.Plugins.Sge;

/// <summary>
/// Grid Engine commands answered from a script: each command line has a queue of answers (an output, or an
/// exception); the last answer repeats. Every command run is recorded, in order.
/// </summary>
internal sealed class ScriptedSgeCommands : ISgeCommands
{
    private readonly Dictionary<string, Queue<Func<string>>> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<string>> _last = new(StringComparer.Ordinal);

    public List<string> Runs { get; } = [];

    /// <summary>Answers <paramref name="commandLine"/> with <paramref name="outputs"/>, one per run, the last repeating.</summary>
    public ScriptedSgeCommands On(string commandLine, params string[] outputs)
    {
        foreach (var output in outputs)
        {
            Enqueue(commandLine, () => output);
        }
        return this;
    }

    /// <summary>Makes the next run of <paramref name="commandLine"/> fail as a non-zero exit would.</summary>
    public ScriptedSgeCommands Fails(string commandLine, string message = "exited with code 1")
    {
        Enqueue(commandLine, () => throw new SgeCommandException($"command '{commandLine}' {message}"));
        return this;
    }

    public Task<string> RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Runs.Add(commandLine);
        if (_answers.TryGetValue(commandLine, out var queue) && queue.Count > 0)
        {
            var answer = queue.Dequeue();
            _last[commandLine] = answer;
            return Task.FromResult(answer());
        }
        return _last.TryGetValue(commandLine, out var last)
            ? Task.FromResult(last())
            : throw new SgeCommandException($"command '{commandLine}' is not scripted");
    }

    private void Enqueue(string commandLine, Func<string> answer)
    {
        if (!_answers.TryGetValue(commandLine, out var queue))
        {
            _answers[commandLine] = queue = new Queue<Func<string>>();
        }
        queue.Enqueue(answer);
    }
}
