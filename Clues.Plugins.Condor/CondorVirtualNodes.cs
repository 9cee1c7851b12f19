using Clues.Core.Model;

namespace Clues.Plugins.Condor;

/// <summary>
/// The worker nodes that may be powered on (<c>HTCONDOR_VNODES_FILE</c>): one name per line; blank lines and lines
/// starting with <c>#</c> are skipped. A node the collector does not list is reported OFF with CLUES' placeholder
/// figures, 1 slot and 1572864000 of memory (KEEP: CLUES' number, which in HTCondor's MB leaves any job room).
/// </summary>
/// <remarks>FIX: CLUES read the file only while no worker at all was up, so once one was, nothing more could be
/// powered on. Here the file's nodes are added whenever the collector does not list them.</remarks>
internal static class CondorVirtualNodes
{
    public const double PlaceholderSlots = 1;
    public const double PlaceholderMemory = 1572864000;

    /// <summary>The names in <paramref name="path"/>; none when the path is empty or the file does not exist.</summary>
    /// <exception cref="CondorFormatException">The file exists but cannot be read, or a line holds spaces.</exception>
    public static async Task<IReadOnlyList<string>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (path.Length == 0 || !File.Exists(path))
        {
            return [];
        }
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CondorFormatException(path, 0, "the file cannot be read: " + ex.Message);
        }
        var names = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var name = lines[i].Trim();
            if (name.Length == 0 || name[0] == '#')
            {
                continue;
            }
            if (name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw new CondorFormatException(path, i + 1, $"'{name}' is not a node name (one name per line)");
            }
            names.Add(name);
        }
        return names;
    }

    /// <summary>The OFF report of a node the collector does not list.</summary>
    public static NodeInfo Off(string name) =>
        new(name, PlaceholderSlots, PlaceholderSlots, PlaceholderMemory, PlaceholderMemory, CondorNodeReader.Keywords(name), NodeState.Off);
}
