using Clues.Core.Config;

namespace Clues.Cli.Config;

/// <summary>
/// A minimal reader of CLUES' configuration files for the CLI (spec §13.1): <c>clues2.cfg</c> in
/// <c>./etc/</c>, <c>~/clues2/etc/</c> and <c>/etc/clues2/</c>, later ones overriding earlier ones, then the
/// <c>*.cfg</c> files of <c>[general] CONFIG_DIR</c> in each (sorted by name, FIX spec §14 Q23).
/// </summary>
internal sealed class ClientConfigLoader : IClientConfigLoader
{
    private readonly IReadOnlyList<string> _searchDirectories;

    public ClientConfigLoader(IReadOnlyList<string>? searchDirectories = null)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        _searchDirectories = searchDirectories ?? ["./etc/", Path.Combine(home, "clues2", "etc"), "/etc/clues2/"];
    }

    public ClientOptions Load(string? explicitFile)
    {
        var config = new CluesConfig();
        if (explicitFile is not null)
        {
            if (!File.Exists(explicitFile))
            {
                throw new ConfigException($"configuration file {explicitFile} not found");
            }
            IniFile.ReadInto(config, explicitFile);
        }
        else
        {
            var mains = _searchDirectories.Select(d => Path.Combine(d, "clues2.cfg")).Where(File.Exists).ToList();
            foreach (var file in mains)
            {
                IniFile.ReadInto(config, file);
            }
            var configDir = config.GetString("general", "CONFIG_DIR", "");
            if (configDir.Length > 0)
            {
                foreach (var dir in _searchDirectories.Select(d => Path.Combine(d, configDir)).Where(Directory.Exists))
                {
                    foreach (var file in Directory.GetFiles(dir, "*.cfg").Order(StringComparer.Ordinal))
                    {
                        IniFile.ReadInto(config, file);
                    }
                }
            }
        }
        var options = ClientOptions.Bind(config);
        config.ThrowIfErrors();
        return options;
    }
}
