namespace Clues.Plugins.Slurm.Scontrol;

/// <summary>
/// Reads the one-line-per-record output of <c>scontrol -o show nodes|jobs|partitions</c>.
/// </summary>
/// <remarks>
/// <para>KEEP (spec plugins §2.1): a space-separated fragment without <c>=</c> belongs to the value of the field
/// before it, so values with spaces stay whole (<c>OS=Linux 6.1 #1 SMP</c>, <c>Reason=Not responding [root@...]</c>);
/// a field is split at its first <c>=</c> (<c>CfgTRES=cpu=2,mem=1G</c>); of a repeated key the first is kept.</para>
/// <para>FIX: a line whose first word has no <c>=</c> hung CLUES' parser; output without any <c>=</c> was an empty
/// list, so an error message read as "no jobs". Here both are errors, and only Slurm's own "No ... in the system"
/// line means an empty list. One pass over the text: linear in its length.</para>
/// </remarks>
internal static class ScontrolParser
{
    /// <summary>Parses <paramref name="output"/> of <paramref name="commandLine"/>.</summary>
    /// <param name="output">What the command printed.</param>
    /// <param name="commandLine">The command, for error messages.</param>
    /// <param name="emptyMessage">What Slurm prints when there is nothing to show (such as <c>No jobs in the system</c>).</param>
    /// <param name="keys">The fields to keep (null: all). A job line has about 70 fields and the plugin reads 9, so
    /// keeping only those spares most of the allocations on a large queue.</param>
    /// <exception cref="ScontrolFormatException">The output is empty or a line is not a record.</exception>
    public static IReadOnlyList<ScontrolRecord> Parse(string output, string commandLine, string emptyMessage, HashSet<string>? keys = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var records = new List<ScontrolRecord>();
        var lineNumber = 0;
        var sawContent = false;
        var wanted = keys?.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var start = 0; start <= output.Length;)
        {
            var newline = output.IndexOf('\n', start);
            var end = newline < 0 ? output.Length : newline;
            // A slice of the output, not a copy: a queue of 10,000 jobs is 10 MB of text.
            var line = output.AsMemory(start, end - start).Trim();
            start = end + 1;
            lineNumber++;
            if (line.IsEmpty)
            {
                continue;
            }
            sawContent = true;
            if (records.Count == 0 && line.Span.SequenceEqual(emptyMessage))
            {
                continue;
            }
            records.Add(ParseLine(line, lineNumber, commandLine, wanted));
        }
        if (!sawContent)
        {
            throw new ScontrolFormatException(commandLine, 0, $"it printed nothing (Slurm says \"{emptyMessage}\" when there is nothing to show)");
        }
        return records;
    }

    private static ScontrolRecord ParseLine(ReadOnlyMemory<char> lineMemory, int lineNumber, string commandLine,
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? wanted)
    {
        var line = lineMemory.Span;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? key = null;
        var valueStart = 0;
        var pos = 0;
        var started = false;
        while (pos <= line.Length)
        {
            var space = line[pos..].IndexOf(' ') is var offset and >= 0 ? pos + offset : line.Length;
            var equals = line[pos..space].IndexOf('=') is var at and >= 0 ? pos + at : -1;
            if (equals > pos)
            {
                Store(fields, key, line, valueStart, pos - 1);
                started = true;
                var name = line[pos..equals];
                // Keys are looked up as spans, so the ~60 fields of a job line that are not kept allocate nothing.
                key = wanted is null ? name.ToString() : wanted.Value.TryGetValue(name, out var known) ? known : null;
                valueStart = equals + 1;
            }
            else if (!started && space > pos)
            {
                throw new ScontrolFormatException(commandLine, lineNumber, "the line does not start with a Key=Value field", line.ToString());
            }
            pos = space + 1;
        }
        Store(fields, key, line, valueStart, line.Length);
        return new ScontrolRecord(commandLine, lineNumber, lineMemory, fields);
    }

    // A value runs from after its '=' to the space before the next field; null key = a field that is not kept.
    private static void Store(Dictionary<string, string> fields, string? key, ReadOnlySpan<char> line, int valueStart, int valueEnd)
    {
        if (key is not null && !fields.ContainsKey(key))
        {
            fields.Add(key, line[valueStart..Math.Max(valueStart, valueEnd)].Trim().ToString());
        }
    }
}
