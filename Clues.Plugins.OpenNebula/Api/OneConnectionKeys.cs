using System.Globalization;
using Clues.Core.Config;
using Clues.Core.Config.Schema;

namespace Clues.Plugins.OpenNebula.Api;

/// <summary>
/// The three keys that say how to reach OpenNebula, under the names each section gives them (<c>ONE_XMLRPC</c>,
/// <c>ONE_VIRTUAL_CLUSTER_XMLRPC</c>...), with CLUES' defaults.
/// </summary>
internal sealed class OneConnectionKeys
{
    public const string DefaultEndpoint = "http://localhost:2633/RPC2";
    public const string DefaultSession = "clues:cluespass";

    public OneConnectionKeys(string section, string prefix, int defaultTimeout)
    {
        Section = section;
        Endpoint = ConfigKey.String(prefix + "_XMLRPC", DefaultEndpoint, "OpenNebula's XML-RPC endpoint",
            validate: v => EndpointUri(v) is null ? "an http:// or https:// URL of OpenNebula's XML-RPC API (such as http://one-frontend:2633/RPC2)" : null);
        Session = ConfigKey.String(prefix + "_AUTH", DefaultSession, "the OpenNebula user, as user:password (or user:token)",
            validate: v => v.IndexOf(':', StringComparison.Ordinal) > 0 ? null : "user:password (the session string OpenNebula expects)");
        Timeout = ConfigKey.Int(prefix + "_XMLRPC_TIMEOUT", defaultTimeout,
            "seconds one API call may take (a daemon call is also bounded by [general] TIMEOUT_COMMANDS)",
            validate: v => v > 0 ? null : "a positive number of seconds");
    }

    public string Section { get; }

    public ConfigKey<string> Endpoint { get; }

    public ConfigKey<string> Session { get; }

    public ConfigKey<int> Timeout { get; }

    public IReadOnlyList<ConfigKey> All => [Endpoint, Session, Timeout];

    public OneConnection Read(CluesConfig config) => new(
        EndpointUri(Endpoint.Read(config, Section)) ?? new Uri(DefaultEndpoint),
        Session.Read(config, Section),
        TimeSpan.FromSeconds(Timeout.Read(config, Section)));

    private static Uri? EndpointUri(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    /// <summary>CLUES' LRMS id: <c>ONE_&lt;endpoint&gt;</c>.</summary>
    public static string LrmsId(OneConnection connection) => string.Create(CultureInfo.InvariantCulture, $"ONE_{connection.Display}");
}
