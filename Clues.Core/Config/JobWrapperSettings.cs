using System.Globalization;

namespace Clues.Core.Config;

/// <summary>
/// The settings every job wrapper (<c>clues-slurm-wrapper</c>, <c>clues-pbs-wrapper</c>) reads the same way: where
/// CLUES is (<c>[client] CLUES_XMLRPC</c>), how long an announcement may take (<c>ANNOUNCE_TIMEOUT</c> of the wrapper's
/// section), and the loading itself, which never stops a submission.
/// </summary>
public static class JobWrapperSettings
{
    /// <summary>The longest <c>ANNOUNCE_TIMEOUT</c> accepted, in seconds.</summary>
    public const double MaxAnnounceSeconds = 3600;

    /// <summary>
    /// CLUES' XML-RPC endpoint from <paramref name="client"/>, or null when <c>CLUES_XMLRPC</c> is empty (jobs are then
    /// only submitted) or not an http(s) URL (an error is added to <paramref name="config"/>).
    /// </summary>
    public static Uri? Endpoint(CluesConfig config, ClientOptions client)
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

    /// <summary><c>ANNOUNCE_TIMEOUT</c> of <paramref name="section"/> in seconds (above 0, at most 3600); a bad value
    /// is added to the errors and <paramref name="defaultValue"/> used.</summary>
    public static TimeSpan AnnounceTimeout(CluesConfig config, string section, TimeSpan defaultValue)
    {
        ArgumentNullException.ThrowIfNull(config);
        var seconds = config.GetDouble(section, "ANNOUNCE_TIMEOUT", defaultValue.TotalSeconds);
        if (seconds > 0 && seconds <= MaxAnnounceSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        config.AddError(new ConfigError(config.Find(section, "ANNOUNCE_TIMEOUT")?.File, section, "ANNOUNCE_TIMEOUT",
            seconds.ToString(CultureInfo.InvariantCulture), "a number of seconds above 0 and at most 3600"));
        return defaultValue;
    }

    /// <summary>
    /// Loads the configuration, from <paramref name="explicitFile"/> when set, else from CLUES' search path, and binds
    /// it. Problems are written to <paramref name="error"/> and the defaults used for what could not be read: a wrapper
    /// submits the job either way.
    /// </summary>
    /// <param name="program">The wrapper's name, prefixed to its messages.</param>
    /// <param name="explicitFile">The file named by the wrapper's environment variable, or null.</param>
    /// <param name="error">Where problems are reported.</param>
    /// <param name="bind">Reads the wrapper's options from a loaded configuration.</param>
    /// <param name="fallback">The options when no configuration can be loaded.</param>
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
}
