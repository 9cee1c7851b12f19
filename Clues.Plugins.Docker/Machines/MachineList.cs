namespace Clues.Plugins.Docker.Machines;

/// <summary>Parses the output of <c>docker-machine ls</c>: machine name → state (Running, Stopped, Error...).</summary>
internal static class MachineList
{
    /// <summary>The state of a running machine.</summary>
    public const string Running = "Running";

    /// <summary>
    /// Reads either <c>--format '{{.Name}} {{.State}}'</c> lines (name, then state) or the default table (a header
    /// starting with NAME; the STATE column found by the header), so the thesis' plain
    /// <c>docker-machine ls</c> keeps working.
    /// </summary>
    /// <remarks>
    /// FIX (spec docker §1.3): the thesis took the 4th token of every table line and dropped machines in states it
    /// did not expect, so they vanished from CLUES; here every machine keeps the state docker-machine gives.
    /// </remarks>
    public static IReadOnlyDictionary<string, string> Parse(string output)
    {
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var stateColumn = 1;
        var first = 0;
        if (lines.Length > 0 && lines[0].StartsWith("NAME", StringComparison.Ordinal))
        {
            stateColumn = Array.IndexOf(Fields(lines[0]), "STATE");
            if (stateColumn < 0)
            {
                throw new FormatException($"docker-machine ls header has no STATE column: '{lines[0]}'");
            }
            first = 1;
        }
        foreach (var line in lines.Skip(first))
        {
            var fields = Fields(line);
            // A table row has the ACTIVE column as '-' or '*', so the state is at the header's position; a
            // machine with an empty state (docker-machine's "None") is reported as such.
            states[fields[0]] = fields.Length > stateColumn ? fields[stateColumn] : "";
        }
        return states;
    }

    private static string[] Fields(string line) => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
}
