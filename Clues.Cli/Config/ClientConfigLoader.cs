using Clues.Core.Config;

namespace Clues.Cli.Config;

/// <summary>
/// Reads <c>[client]</c> with the shared <see cref="ConfigLoader"/>: the same files, in the same order, as clues-host
/// (<c>./etc/</c>, <c>~/clues2/etc/</c>, <c>/etc/clues2/</c>, then <c>CONFIG_DIR</c>), or one explicit file.
/// </summary>
internal sealed class ClientConfigLoader : IClientConfigLoader
{
    private readonly IReadOnlyList<string>? _searchDirectories;

    public ClientConfigLoader(IReadOnlyList<string>? searchDirectories = null) => _searchDirectories = searchDirectories;

    public ClientOptions Load(string? explicitFile)
    {
        if (explicitFile is not null && !File.Exists(explicitFile))
        {
            throw new ConfigException($"configuration file {explicitFile} not found");
        }
        var loaderOptions = ConfigLoaderOptions.ForEnvironment(Environment.CurrentDirectory,
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), explicitFile);
        if (_searchDirectories is not null)
        {
            loaderOptions = loaderOptions with { SearchDirectories = _searchDirectories };
        }
        var config = new ConfigLoader(loaderOptions).Load();
        var options = ClientOptions.Bind(config);
        config.ThrowIfErrors();
        options.Origin = config.Files.Count > 0
            ? "settings read from " + string.Join(", ", config.Files)
            : "no configuration file found (looked for clues2.cfg in " + string.Join(", ", loaderOptions.SearchDirectories)
              + "), so the defaults were used: server " + options.XmlRpcUrl + ", an empty secret; give the file with --config FILE";
        return options;
    }
}
