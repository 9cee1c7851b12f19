using Clues.Core.Config;

namespace Clues.Host.Commands;

/// <summary>Loads the configuration the CLUES way (./etc, ~/clues2/etc, /etc/clues2) or from an explicit file.</summary>
internal static class ConfigurationSource
{
    public static ConfigLoaderOptions Options(string? configFile) =>
        ConfigLoaderOptions.ForEnvironment(Environment.CurrentDirectory, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), configFile);

    public static CluesConfig Load(string? configFile) => new ConfigLoader(Options(configFile)).Load();
}
