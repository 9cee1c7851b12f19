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
    public TimeSpan AnnounceTimeout { get; init; } = JobWrapperSettings.DefaultAnnounceTimeout;

    /// <summary>Reads the settings; invalid values are added to the configuration's errors and the defaults used.</summary>
    public static PbsWrapperOptions Bind(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var wrapper = JobWrapperSettings.Bind(config, Section);
        return new PbsWrapperOptions { Endpoint = wrapper.Endpoint, Secret = wrapper.Secret, AnnounceTimeout = wrapper.AnnounceTimeout };
    }
}
