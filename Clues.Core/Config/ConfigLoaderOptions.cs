namespace Clues.Core.Config;

/// <summary>Where <see cref="ConfigLoader"/> looks for the configuration.</summary>
public sealed record ConfigLoaderOptions
{
    /// <summary>The main file name looked up in every search directory.</summary>
    public const string MainFileName = "clues2.cfg";

    /// <summary>
    /// The directories searched for <see cref="MainFileName"/>, in reading order (later files override earlier
    /// ones). CLUES uses <c>./etc/</c>, <c>~/clues2/etc/</c>, <c>/etc/clues2/</c>: see <see cref="ForEnvironment"/>.
    /// </summary>
    public required IReadOnlyList<string> SearchDirectories { get; init; }

    /// <summary>
    /// An explicit configuration file (<c>--config PATH</c>); when set it replaces the search: that file is read,
    /// then the <c>*.cfg</c> files of its directory's <c>CONFIG_DIR</c>.
    /// </summary>
    public string? ConfigFile { get; init; }

    /// <summary>
    /// CLUES' search list for a process running in <paramref name="currentDirectory"/> with home
    /// <paramref name="homeDirectory"/> (empty = no home directory): <c>./etc/</c>, <c>~/clues2/etc/</c>,
    /// <c>/etc/clues2/</c>. A relative <paramref name="configFile"/> is taken from the current directory.
    /// </summary>
    public static ConfigLoaderOptions ForEnvironment(string currentDirectory, string homeDirectory, string? configFile = null)
    {
        var directories = new List<string> { Path.Join(currentDirectory, "etc") };
        if (homeDirectory.Length > 0)
        {
            directories.Add(Path.Join(homeDirectory, "clues2", "etc"));
        }
        directories.Add("/etc/clues2");
        return new ConfigLoaderOptions
        {
            SearchDirectories = directories,
            ConfigFile = configFile is null ? null : Path.GetFullPath(configFile, currentDirectory),
        };
    }
}
