namespace Clues.Tests.Common;

/// <summary>
/// Command lines answered from a script, for a plugin's command seam (<c>ISlurmCommands</c>, <c>ISgeCommands</c>):
/// each command line has a queue of answers (an output, or an exception); the last answer repeats. Every command run
/// is recorded, in order.
/// </summary>
/// <typeparam name="TSelf">The scripted commands type, returned by the fluent methods.</typeparam>
internal abstract class ScriptedCommandLines<TSelf>
    where TSelf : ScriptedCommandLines<TSelf>
{
    private readonly Dictionary<string, Queue<Func<string>>> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<string>> _last = new(StringComparer.Ordinal);

    public List<string> Runs { get; } = [];

    /// <summary>Answers <paramref name="commandLine"/> with <paramref name="outputs"/>, one per run, the last repeating.</summary>
    public TSelf On(string commandLine, params string[] outputs)
    {
        foreach (var output in outputs)
        {
            Enqueue(commandLine, () => output);
        }
        return (TSelf)this;
    }

    /// <summary>Answers the next run of <paramref name="commandLine"/> by calling <paramref name="answer"/>.</summary>
    public TSelf On(string commandLine, Func<string> answer)
    {
        Enqueue(commandLine, answer);
        return (TSelf)this;
    }

    /// <summary>Makes the next run of <paramref name="commandLine"/> fail as a non-zero exit would.</summary>
    public TSelf Fails(string commandLine, string message = "exited with code 1")
    {
        Enqueue(commandLine, () => throw Failure($"command '{commandLine}' {message}"));
        return (TSelf)this;
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
            : throw Failure($"command '{commandLine}' is not scripted");
    }

    /// <summary>The plugin's exception for a failed command.</summary>
    protected abstract Exception Failure(string message);

    private void Enqueue(string commandLine, Func<string> answer)
    {
        if (!_answers.TryGetValue(commandLine, out var queue))
        {
            _answers[commandLine] = queue = new Queue<Func<string>>();
        }
        queue.Enqueue(answer);
    }
}
