using System.Globalization;

namespace Clues.Core.Config;

/// <summary>
/// What every job wrapper and hook (<c>clues-slurm-wrapper</c>, <c>clues-sge-wrapper</c>, <c>clues-pbs-wrapper</c>, <c>clues-one-wrapper</c>) needs to announce a job: CLUES'
/// XML-RPC endpoint and secret (<c>[client] CLUES_XMLRPC</c> and <c>CLUES_SECRET_TOKEN</c>, as for the <c>clues</c> CLI)
/// and its own section's <c>ANNOUNCE_TIMEOUT</c>; and how a wrapper loads its configuration.
/// </summary>
public sealed record JobWrapperSettings
{
    /// <summary>The default <c>ANNOUNCE_TIMEOUT</c>.</summary>
    public static readonly TimeSpan DefaultAnnounceTimeout = TimeSpan.FromSeconds(5);

    /// <summary>CLUES' XML-RPC endpoint, or null when <c>CLUES_XMLRPC</c> is empty (jobs are then not announced).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The shared secret (<c>[client] CLUES_SECRET_TOKEN</c>).</summary>
    public string Secret { get; init; } = "";

    /// <summary><c>ANNOUNCE_TIMEOUT</c> in seconds (above 0, at most 3600), default 5.</summary>
    public TimeSpan AnnounceTimeout { get; init; } = DefaultAnnounceTimeout;

    /// <summary>Reads <c>[client]</c> and <paramref name="section"/>'s <c>ANNOUNCE_TIMEOUT</c>; invalid values are added to
    /// the configuration's errors and the defaults used.</summary>
    public static JobWrapperSettings Bind(CluesConfig config, string section)
    {
        ArgumentNullException.ThrowIfNull(config);
        var client = ClientOptions.Bind(config);
        Uri? endpoint = null;
        var url = client.XmlRpcUrl.Trim();
        if (url.Length > 0 && (!Uri.TryCreate(url, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            config.AddError(new ConfigError(config.Find(ClientOptions.Section, "CLUES_XMLRPC")?.File, ClientOptions.Section,
                "CLUES_XMLRPC", url, "an http:// URL of CLUES' XML-RPC server (such as http://localhost:8000/RPC2), or empty"));
            endpoint = null;
        }
        var seconds = config.GetDouble(section, "ANNOUNCE_TIMEOUT", DefaultAnnounceTimeout.TotalSeconds);
        if (!(seconds > 0) || seconds > 3600)
        {
            config.AddError(new ConfigError(config.Find(section, "ANNOUNCE_TIMEOUT")?.File, section, "ANNOUNCE_TIMEOUT",
                seconds.ToString(CultureInfo.InvariantCulture), "a number of seconds above 0 and at most 3600"));
            seconds = DefaultAnnounceTimeout.TotalSeconds;
        }
        return new JobWrapperSettings { Endpoint = endpoint, Secret = client.SecretToken, AnnounceTimeout = TimeSpan.FromSeconds(seconds) };
    }

    /// <summary>
    /// Loads a wrapper's configuration, from <paramref name="explicitFile"/> when set (a wrapper's command line leaves
    /// no room for a <c>--config</c>), else from CLUES' search path, and binds it. A problem is reported on
    /// <paramref name="error"/>, and the defaults are used for what could not be read: the job goes on either way.
    /// </summary>
    /// <param name="wrapperName">The program name, which starts each message.</param>
    /// <param name="explicitFile">The configuration file named by the wrapper's environment variable, or null/empty.</param>
    /// <param name="error">Where problems are written.</param>
    /// <param name="bind">Binds the loaded configuration.</param>
    /// <param name="fallback">The settings when no configuration can be loaded (CLUES at its default address).</param>
    public static T Load<T>(string wrapperName, string? explicitFile, TextWriter error, Func<CluesConfig, T> bind, Func<Uri, T> fallback)
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
            error.WriteLine($"{wrapperName}: {ex.Message}; using the defaults");
            return fallback(new Uri(new ClientOptions().XmlRpcUrl));
        }
        var options = bind(config);
        foreach (var problem in config.Errors)
        {
            error.WriteLine($"{wrapperName}: configuration: {problem}");
        }
        return options;
    }
}
