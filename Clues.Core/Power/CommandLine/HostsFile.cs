namespace Clues.Core.Power.CommandLine;

/// <summary>
/// A hosts file of a command-line power manager (CLUES' <c>PowerManager_with_IPs</c>, spec core §5.3): one
/// <c>&lt;address&gt; &lt;name&gt;</c> per line, like <c>/etc/hosts</c>; the address is an IP (IPMI), a MAC (WOL) or
/// anything else the command template needs.
/// </summary>
internal sealed class HostsFile
{
    private readonly Dictionary<string, string> _addressByName;

    private HostsFile(string path, Dictionary<string, string> addressByName, IReadOnlyList<string> malformedLines)
    {
        Path = path;
        _addressByName = addressByName;
        MalformedLines = malformedLines;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The lines skipped because they did not have exactly two fields (CLUES warns "malformed host entry").</summary>
    public IReadOnlyList<string> MalformedLines { get; }

    /// <summary>The node names listed.</summary>
    public IEnumerable<string> Names => _addressByName.Keys;

    /// <summary>The address of <paramref name="name"/>, or null when the file does not list it.</summary>
    public string? AddressOf(string name) => _addressByName.GetValueOrDefault(name);

    /// <summary>Parses hosts-file text.</summary>
    /// <remarks>
    /// KEEP (spec core §5.3): <c>#</c> starts a comment, tabs count as spaces, a line without exactly two fields is
    /// skipped; a name listed twice keeps its last address (a Python dict assignment).
    /// </remarks>
    public static HostsFile Parse(string path, string text)
    {
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        var malformed = new List<string>();
        foreach (var rawLine in text.Split('\n'))
        {
            var hash = rawLine.IndexOf('#');
            var line = hash >= 0 ? rawLine[..hash] : rawLine;
            var fields = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }
            if (fields.Length != 2)
            {
                malformed.Add(rawLine.TrimEnd('\r'));
                continue;
            }
            addresses[fields[1]] = fields[0];
        }
        return new HostsFile(path, addresses, malformed);
    }

    /// <summary>Reads and parses a file.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static async Task<HostsFile> LoadAsync(string path, CancellationToken cancellationToken) =>
        Parse(path, await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Where a configured hosts file name points (CLUES' <c>config_filename</c>): an absolute path as given;
    /// otherwise the first existing <c>&lt;dir&gt;/&lt;file&gt;</c> of <paramref name="searchDirectories"/>; otherwise
    /// the name relative to the working directory.
    /// </summary>
    public static string Resolve(string file, IEnumerable<string> searchDirectories)
    {
        if (System.IO.Path.IsPathRooted(file))
        {
            return file;
        }
        foreach (var dir in searchDirectories)
        {
            var candidate = System.IO.Path.Combine(dir, file);
            if (File.Exists(candidate))
            {
                return System.IO.Path.GetFullPath(candidate);
            }
        }
        return System.IO.Path.GetFullPath(file);
    }
}
