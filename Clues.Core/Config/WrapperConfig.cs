using System.Globalization;

namespace Clues.Core.Config;

/// <summary>
/// What CLUES' job wrappers and hooks share (<c>clues-slurm-wrapper</c>, <c>clues-one-wrapper</c>): finding their
/// settings, CLUES' endpoint, and the bound on one call to CLUES. A wrapper stands in the way of a job or a VM, so a
/// configuration problem is reported and the defaults used, never a reason to stop.
/// </summary>
public static class WrapperConfig
{
    /// <summary>
    /// Reads the settings from <paramref name="explicitFile"/> when given, else from CLUES' search path, and binds
    /// them; every problem is written to <paramref name="error"/> as <c>program: ...</c>.
    /// </summary>
    /// <param name="program">The wrapper's name, for messages.</param>
    /// <param name="explicitFile">A configuration file, or null/empty for CLUES' search path.</param>
    /// <param name="error">Where problems are reported.</param>
    /// <param name="bind">Binds the loaded configuration (adding its problems to the configuration's errors).</param>
    /// <param name="fallback">The options when no configuration could be loaded at all.</param>
    public static T Load<T>(string program, string? explicitFile, TextWriter error, Func<CluesConfig, T> bind, Func<T> fallback)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(fallback);
        CluesConfig config;
        try
        {
            config = new ConfigLoader(ConfigLoaderOptions.ForEnvironment(Environment.CurrentDirectory,
                Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), string.IsNullOrEmpty(explicitFile) ? null : explicitFile)).Load();
        }
        catch (ConfigException ex)
        {
            error.WriteLine($"{program}: {ex.Message}; using the defaults");
            return fallback();
        }
        var options = bind(config);
        foreach (var problem in config.Errors)
        {
            error.WriteLine($"{program}: configuration: {problem}");
        }
        return options;
    }

    /// <summary>
    /// <c>[client] CLUES_XMLRPC</c> as an http(s) URL; null when it is empty (the wrapper then does not announce) or
    /// invalid (recorded in the configuration's errors).
    /// </summary>
    public static Uri? CluesEndpoint(CluesConfig config, ClientOptions client)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(client);
        var url = client.XmlRpcUrl.Trim();
        if (url.Length == 0)
        {
            return null;
        }
        if (Uri.TryCreate(url, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https")
        {
            return endpoint;
        }
        config.AddError(new ConfigError(config.Find(ClientOptions.Section, "CLUES_XMLRPC")?.File, ClientOptions.Section,
            "CLUES_XMLRPC", url, "an http:// URL of CLUES' XML-RPC server (such as http://localhost:8000/RPC2), or empty"));
        return null;
    }

    /// <summary>
    /// <c>[section] ANNOUNCE_TIMEOUT</c> in seconds, above 0 and at most 3600: the most one call to CLUES may delay
    /// the job or VM. An invalid value is recorded in the configuration's errors and the default used.
    /// </summary>
    public static TimeSpan AnnounceTimeout(CluesConfig config, string section, TimeSpan defaultValue)
    {
        ArgumentNullException.ThrowIfNull(config);
        var seconds = config.GetDouble(section, "ANNOUNCE_TIMEOUT", defaultValue.TotalSeconds);
        if (seconds > 0 && seconds <= 3600)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        config.AddError(new ConfigError(config.Find(section, "ANNOUNCE_TIMEOUT")?.File, section, "ANNOUNCE_TIMEOUT",
            seconds.ToString(CultureInfo.InvariantCulture), "a number of seconds above 0 and at most 3600"));
        return defaultValue;
    }
}
