using Clues.Core.Config;
using Clues.Plugins.OpenNebula.Api;

namespace Clues.OneWrapper;

/// <summary>
/// The hook's settings: where CLUES is (<c>[client] CLUES_XMLRPC</c>, <c>CLUES_SECRET_TOKEN</c>,
/// <c>CLUES_REQUEST_WAIT_TIMEOUT</c>, as for the <c>clues</c> CLI) and <c>[ONE WRAPPER]</c>: how to reach OpenNebula
/// to hold and release the VM, and how long one call to CLUES may take.
/// </summary>
internal sealed record OneWrapperOptions
{
    public const string Section = "ONE WRAPPER";

    internal static readonly OneConnectionKeys OneKeys = new(Section, "ONE", 10);

    /// <summary>CLUES' XML-RPC endpoint, or null when <c>CLUES_XMLRPC</c> is empty (the hook then does nothing).</summary>
    public Uri? CluesEndpoint { get; init; }

    /// <summary>The shared secret (<c>[client] CLUES_SECRET_TOKEN</c>).</summary>
    public string Secret { get; init; } = "";

    /// <summary>
    /// <c>[client] CLUES_REQUEST_WAIT_TIMEOUT</c>, default 300 s: the most the VM is held while CLUES powers a host on;
    /// it is released then in any case.
    /// </summary>
    public TimeSpan RequestWaitTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>ANNOUNCE_TIMEOUT</c>, default 5 s: the most one call to CLUES may take.</summary>
    public TimeSpan AnnounceTimeout { get; init; } = JobWrapperSettings.DefaultAnnounceTimeout;

    /// <summary><c>ONE_XMLRPC</c>, <c>ONE_AUTH</c>, <c>ONE_XMLRPC_TIMEOUT</c> (default 10 s): OpenNebula, to hold and release the VM.</summary>
    public OneConnection One { get; init; } = new(new Uri(OneConnectionKeys.DefaultEndpoint), OneConnectionKeys.DefaultSession, TimeSpan.FromSeconds(10));

    /// <summary>Reads the settings; invalid values are added to the configuration's errors and the defaults used.</summary>
    public static OneWrapperOptions Bind(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var client = ClientOptions.Bind(config);
        var wrapper = JobWrapperSettings.Bind(config, Section);
        return new OneWrapperOptions
        {
            CluesEndpoint = wrapper.Endpoint,
            Secret = wrapper.Secret,
            RequestWaitTimeout = TimeSpan.FromSeconds(Math.Max(0, client.RequestWaitTimeout)),
            AnnounceTimeout = wrapper.AnnounceTimeout,
            One = OneKeys.Read(config),
        };
    }
}
