using System.Globalization;
using Clues.Core.Model;

namespace Clues.Plugins.Condor;

/// <summary>
/// The worker nodes that may be powered on (<c>HTCONDOR_VNODES_FILE</c>): one per line, <c>name [cpus [memory-MB]]</c>;
/// blank lines and lines starting with <c>#</c> are skipped. A node the collector does not list is reported OFF with
/// its CPUs and memory, by default CLUES' placeholder figures, 1 slot and 1572864000 of memory (KEEP: CLUES'
/// number, which in HTCondor's MB leaves any job room).
/// </summary>
/// <remarks>FIX: CLUES read the file only while no worker at all was up, so once one was, nothing more could be
/// powered on; here the file's nodes are added whenever the collector does not list them. New: the optional CPU and
/// memory columns, without which a job asking for more than one CPU never fits a powered-off node.</remarks>
internal static class CondorVirtualNodes
{
    public const double PlaceholderSlots = 1;
    public const double PlaceholderMemory = 1572864000;

    /// <summary>The OFF reports of the nodes in <paramref name="path"/>; none when the path is empty or the file does not exist.</summary>
    /// <exception cref="CondorFormatException">The file exists but cannot be read, or a line is not <c>name [cpus [memory-MB]]</c>.</exception>
    /// <remarks>Read synchronously: the file is a few lines on a local disk, and the control loop's pass stays on its thread.</remarks>
    public static IReadOnlyList<NodeInfo> Read(string path)
    {
        if (path.Length == 0 || !File.Exists(path))
        {
            return [];
        }
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CondorFormatException(path, 0, "the file cannot be read: " + ex.Message);
        }
        var nodes = new List<NodeInfo>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0][0] == '#')
            {
                continue;
            }
            var slots = fields.Length > 1 ? Positive(fields[1]) : PlaceholderSlots;
            var memory = fields.Length > 2 ? Positive(fields[2]) : PlaceholderMemory;
            if (fields.Length > 3 || slots is null || memory is null || fields[0].Any(char.IsControl))
            {
                throw new CondorFormatException(path, i + 1, $"'{lines[i].Trim()}' is not 'name [cpus [memory-MB]]'");
            }
            nodes.Add(Off(fields[0], slots.Value, memory.Value));
        }
        return nodes;
    }

    /// <summary>The OFF report of a node the collector does not list.</summary>
    public static NodeInfo Off(string name, double slots = PlaceholderSlots, double memory = PlaceholderMemory) =>
        new(name, slots, slots, memory, memory, CondorNodeReader.Keywords(name), NodeState.Off);

    private static double? Positive(string text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : null;
}
