namespace Clues.Plugins.Pbs;

/// <summary>
/// Which queues a node serves, from <c>qstat -Qf</c>: a queue with <c>resources_default.neednodes = P</c> runs on the
/// nodes with property P; a queue without it runs on any node.
/// </summary>
internal sealed class PbsQueues
{
    private readonly Dictionary<string, List<string>> _byProperty = new(StringComparer.Ordinal);
    private readonly List<string> _anyNode = [];

    /// <summary>Reads the output of <c>qstat -Qf</c> (CLUES' reading: <c>Queue: X</c> starts a queue, the
    /// <c>resources_default.neednodes</c> lines of X file it under their value).</summary>
    /// <exception cref="PbsFormatException">A line holds a queue header or a <c>neednodes</c> line without a value.</exception>
    public static PbsQueues Read(string output, string commandLine)
    {
        var queues = new PbsQueues();
        string? queue = null;
        var properties = 0;
        var lineNumber = 0;
        foreach (var raw in output.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.StartsWith("Queue:", StringComparison.Ordinal))
            {
                queues.Close(queue, properties);
                queue = line["Queue:".Length..].Trim();
                properties = 0;
                if (queue.Length == 0)
                {
                    throw new PbsFormatException(commandLine, lineNumber, "a 'Queue:' line without a queue name");
                }
            }
            else if (line.StartsWith("resources_default.neednodes", StringComparison.Ordinal) && queue is not null)
            {
                var equals = line.IndexOf('=', StringComparison.Ordinal);
                var property = equals < 0 ? "" : line[(equals + 1)..].Trim();
                if (property.Length == 0)
                {
                    throw new PbsFormatException(commandLine, lineNumber, $"queue {queue} has a neednodes line without a value: \"{line}\"");
                }
                queues.Add(property, queue);
                properties++;
            }
        }
        queues.Close(queue, properties);
        return queues;
    }

    /// <summary>The queues of a node with <paramref name="properties"/>: those needing one of them, then those needing none.</summary>
    public IReadOnlyList<string> Of(IEnumerable<string> properties)
    {
        var result = new List<string>();
        foreach (var property in properties)
        {
            if (_byProperty.TryGetValue(property, out var queues))
            {
                result.AddRange(queues.Where(q => !result.Contains(q, StringComparer.Ordinal)));
            }
        }
        result.AddRange(_anyNode.Where(q => !result.Contains(q, StringComparer.Ordinal)));
        return result;
    }

    private void Add(string property, string queue)
    {
        if (!_byProperty.TryGetValue(property, out var queues))
        {
            _byProperty[property] = queues = [];
        }
        queues.Add(queue);
    }

    private void Close(string? queue, int properties)
    {
        if (queue is not null && properties == 0)
        {
            _anyNode.Add(queue);
        }
    }
}
