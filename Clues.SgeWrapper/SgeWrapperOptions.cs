using Clues.Core.Config;
using Clues.Plugins.Sge;

namespace Clues.SgeWrapper;

/// <summary>
/// The wrapper's settings: where CLUES is (<c>[client] CLUES_XMLRPC</c> and <c>CLUES_SECRET_TOKEN</c>, as for the
/// <c>clues</c> CLI), <c>[SGE_WRAPPER] ANNOUNCE_TIMEOUT</c>, and the <c>[SGE]</c> keys it shares with the plugin
/// (<c>SGE_QCONF_COMMAND</c>, <c>SGE_ROOT</c>, <c>SGE_TIMEOUT_COMMANDS</c>, <c>SGE_DEFAULT_QUEUE</c>), so the wrapper
/// and the plugin describe a job the same way.
/// </summary>
internal sealed record SgeWrapperOptions
{
    /// <summary>The wrapper's own section.</summary>
    public const string Section = "SGE_WRAPPER";

    /// <summary>CLUES' XML-RPC endpoint, or null when <c>CLUES_XMLRPC</c> is empty (jobs are then only accepted).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The shared secret (<c>[client] CLUES_SECRET_TOKEN</c>).</summary>
    public string Secret { get; init; } = "";

    /// <summary>
    /// <c>ANNOUNCE_TIMEOUT</c> in seconds, default 5: the most the announcement (the parallel environment lookup and
    /// <c>request_create</c>) may delay a submission; Grid Engine waits for the JSV's answer. The job is accepted
    /// anyway, and CLUES finds it in <c>qstat</c>.
    /// </summary>
    public TimeSpan AnnounceTimeout { get; init; } = JobWrapperSettings.DefaultAnnounceTimeout;

    /// <summary>The <c>[SGE]</c> settings.</summary>
    public SgeLrmsOptions Sge { get; init; } = new();

    /// <summary>Reads the settings; invalid values are added to the configuration's errors.</summary>
    public static SgeWrapperOptions Bind(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var wrapper = JobWrapperSettings.Bind(config, Section);
        return new SgeWrapperOptions
        {
            Endpoint = wrapper.Endpoint,
            Secret = wrapper.Secret,
            AnnounceTimeout = wrapper.AnnounceTimeout,
            Sge = SgeLrmsOptions.Read(config),
        };
    }
}
