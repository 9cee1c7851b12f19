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
    /// <exception cref="ScontrolFormatException">The output is empty or a line is not a record.</exception>
    public static IReadOnlyList<ScontrolRecord> Parse(string output, string commandLine, string emptyMessage)
    {
        ArgumentNullException.ThrowIfNull(output);
        var records = new List<ScontrolRecord>();
        var lineNumber = 0;
        var sawContent = false;
        foreach (var rawLine in output.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.IsEmpty)
            {
                continue;
            }
            sawContent = true;
            if (line.SequenceEqual(emptyMessage) && records.Count == 0)
            {
                continue;
            }
            records.Add(ParseLine(line.ToString(), lineNumber, commandLine));
        }
        if (!sawContent)
        {
            throw new ScontrolFormatException(commandLine, 0, $"it printed nothing (Slurm says \"{emptyMessage}\" when there is nothing to show)");
        }
        return records;
    }

    private static ScontrolRecord ParseLine(string line, int lineNumber, string commandLine)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? key = null;
        var valueStart = 0;
        var pos = 0;
        while (pos <= line.Length)
        {
            var space = line.IndexOf(' ', pos);
            if (space < 0)
            {
                space = line.Length;
            }
            var equals = line.IndexOf('=', pos, space - pos);
            if (equals > pos)
            {
                if (key is not null)
                {
                    fields.TryAdd(key, line[valueStart..Math.Max(valueStart, pos - 1)].Trim());
                }
                key = line[pos..equals];
                valueStart = equals + 1;
            }
            else if (key is null && space > pos)
            {
                throw new ScontrolFormatException(commandLine, lineNumber, "the line does not start with a Key=Value field", line);
            }
            pos = space + 1;
        }
        fields.TryAdd(key!, line[valueStart..].Trim());
        return new ScontrolRecord(commandLine, lineNumber, line, fields);
    }
}
