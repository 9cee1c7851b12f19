using System.Globalization;
using Clues.Core.Config;

namespace Clues.PbsWrapper;

/// <summary>
/// The submit filter's settings: where CLUES is (<c>[client] CLUES_XMLRPC</c> and <c>CLUES_SECRET_TOKEN</c>, as for the
/// <c>clues</c> CLI) and <c>[PBS_WRAPPER] ANNOUNCE_TIMEOUT</c>.
/// </summary>
internal sealed record PbsWrapperOptions
{
    /// <summary>The filter's own section.</summary>
    public const string Section = "PBS_WRAPPER";

    /// <summary>CLUES' XML-RPC endpoint, or null when <c>CLUES_XMLRPC</c> is empty (jobs then pass unannounced).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The shared secret (<c>[client] CLUES_SECRET_TOKEN</c>).</summary>
    public string Secret { get; init; } = "";

    /// <summary>
    /// <c>ANNOUNCE_TIMEOUT</c> in seconds, default 5: the most the announcement may delay a submission (qsub waits for
    /// its filter). The job is submitted anyway, and CLUES finds it in Torque's queue.
    /// </summary>
    public TimeSpan AnnounceTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Reads the settings; invalid values are added to the configuration's errors and the defaults used.</summary>
    public static PbsWrapperOptions Bind(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var client = ClientOptions.Bind(config);
        var defaults = new PbsWrapperOptions();
        Uri? endpoint = null;
        var url = client.XmlRpcUrl.Trim();
        if (url.Length > 0 && (!Uri.TryCreate(url, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            config.AddError(new ConfigError(config.Find(ClientOptions.Section, "CLUES_XMLRPC")?.File, ClientOptions.Section,
                "CLUES_XMLRPC", url, "an http:// URL of CLUES' XML-RPC server (such as http://localhost:8000/RPC2), or empty"));
            endpoint = null;
        }
        var seconds = config.GetDouble(Section, "ANNOUNCE_TIMEOUT", defaults.AnnounceTimeout.TotalSeconds);
        if (!(seconds > 0) || seconds > 3600)
        {
            config.AddError(new ConfigError(config.Find(Section, "ANNOUNCE_TIMEOUT")?.File, Section, "ANNOUNCE_TIMEOUT",
                seconds.ToString(CultureInfo.InvariantCulture), "a number of seconds above 0 and at most 3600"));
            seconds = defaults.AnnounceTimeout.TotalSeconds;
        }
        return new PbsWrapperOptions { Endpoint = endpoint, Secret = client.SecretToken, AnnounceTimeout = TimeSpan.FromSeconds(seconds) };
    }
}
