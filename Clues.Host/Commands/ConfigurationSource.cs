using Clues.Core.Config;
using Clues.Core.Hosting;

namespace Clues.Host.Commands;

/// <summary>Loads the configuration the CLUES way (./etc, ~/clues2/etc, /etc/clues2) or from an explicit file.</summary>
internal static class ConfigurationSource
{
    public static ConfigLoaderOptions Options(string? configFile) =>
        ConfigLoaderOptions.ForEnvironment(Environment.CurrentDirectory, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), configFile);

    public static CluesConfig Load(string? configFile) => new ConfigLoader(Options(configFile)).Load();

    /// <summary>
    /// Loads and checks the configuration as <c>clues-host check</c> does, printing the warnings to
    /// <paramref name="stderr"/>.
    /// </summary>
    /// <exception cref="ConfigException">The files cannot be read, or the check found errors (all of them listed).</exception>
    public static async Task<(CluesConfig Config, ConfigCheckResult Check)> LoadCheckedAsync(string? configFile, ConfigCheckScope scope, TextWriter stderr)
    {
        var config = Load(configFile);
        var check = ConfigurationCheck.Run(config, scope);
        foreach (var warning in check.Warnings)
        {
            await stderr.WriteLineAsync("warning: " + warning).ConfigureAwait(false);
        }
        if (!check.IsValid)
        {
            throw new ConfigException(check.Errors);
        }
        return (config, check);
    }
}
