using Clues.Core.Config;
using Clues.DockerWrapper.Configuration;

namespace Clues.DockerWrapper.Announce;

/// <summary>
/// Where the wrapper announces captured jobs to CLUES (XML-RPC <c>request_create</c>), so that a power-on decision
/// does not wait for <c>RECONSIDER_JOB_TIME</c>. Disabled when no CLUES server is known.
/// </summary>
public sealed record AnnounceOptions
{
    /// <summary>The <c>[client]</c> section of clues2.cfg, whose values are the defaults here.</summary>
    public const string ClientSection = "client";

    /// <summary>No announcements: the LRMS plugin's monitoring alone finds the jobs.</summary>
    public static AnnounceOptions Disabled { get; } = new();

    /// <summary>
    /// CLUES' XML-RPC endpoint. Key <c>CLUES_XMLRPC</c> of <c>[DOCKER_WRAPPER]</c>, else of <c>[client]</c>; null
    /// (empty or absent in both) = do not announce.
    /// </summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The shared secret. Key <c>CLUES_SECRET_TOKEN</c> of <c>[DOCKER_WRAPPER]</c>, else <c>[client]</c>, else <c>[general]</c>.</summary>
    public string Secret { get; init; } = "";

    /// <summary>
    /// How long one announcement may take. Key <c>CLUES_ANNOUNCE_TIMEOUT</c> in seconds, default 30: CLUES applies API
    /// calls between the steps of its control loop, so an announcement waits while a power command runs.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>True when jobs are announced.</summary>
    public bool Enabled => Endpoint is not null;

    /// <summary>Reads the options from <paramref name="section"/>, falling back to <c>[client]</c> and <c>[general]</c>.</summary>
    /// <param name="config">The configuration; an invalid value is added to its errors.</param>
    /// <param name="section">The wrapper's section (<c>DOCKER_WRAPPER</c>).</param>
    public static AnnounceOptions Read(CluesConfig config, string section)
    {
        ArgumentNullException.ThrowIfNull(config);
        // The wrapper's own keys are declared (and their values checked) in WrapperKeys; [client]'s are the defaults.
        var own = WrapperKeys.CluesXmlRpc.Read(config, section).Trim();
        var endpointText = config.Find(section, WrapperKeys.CluesXmlRpc.Name) is not null
            ? own : config.GetString(ClientSection, "CLUES_XMLRPC", "").Trim();
        Uri? endpoint = null;
        if (endpointText.Length > 0)
        {
            if (WrapperKeys.IsXmlRpcUrl(endpointText))
            {
                endpoint = new Uri(endpointText);
            }
            else
            {
                config.AddError(new ConfigError(config.Find(ClientSection, "CLUES_XMLRPC")?.File, ClientSection, "CLUES_XMLRPC", endpointText,
                    WrapperKeys.XmlRpcExpected));
            }
        }
        var secret = WrapperKeys.CluesSecretToken.Read(config, section);
        if (config.Find(section, WrapperKeys.CluesSecretToken.Name) is null)
        {
            secret = config.GetString(ClientSection, "CLUES_SECRET_TOKEN", config.GetString(GeneralOptions.Section, "CLUES_SECRET_TOKEN", ""));
        }
        var seconds = WrapperKeys.CluesAnnounceTimeout.Read(config, section);
        return new AnnounceOptions { Endpoint = endpoint, Secret = secret, Timeout = TimeSpan.FromSeconds(seconds) };
    }
}
