using System.Net;
using System.Text.RegularExpressions;
using Clues.Core.Config.Schema;
using Clues.DockerWrapper.Dispatch;

namespace Clues.DockerWrapper.Configuration;

/// <summary>
/// The declared <c>[DOCKER_WRAPPER]</c> keys: what <see cref="WrapperOptionsLoader"/> reads through, what
/// <c>clues-host check</c> and the wrapper itself check (bad values, unknown keys), and what docs/plugin-keys.md lists.
/// Rules that tie several keys together (TLS files, a TCP listener's protection) stay in the loader.
/// </summary>
internal static partial class WrapperKeys
{
    /// <summary>The INI section.</summary>
    public const string Section = "DOCKER_WRAPPER";

    private const string PositiveSeconds = "a positive number of seconds";

    public static readonly ConfigKey<string> Listen = ConfigKey.String("LISTEN", WrapperOptions.DefaultListen,
        "where the wrapper listens (--listen): unix:///path or ADDRESS:PORT; TCP needs LISTEN_TLS_VERIFY or INSECURE_TCP",
        validate: v => IsListenAddress(v) ? null : "unix:///path or ADDRESS:PORT (such as 127.0.0.1:2376)");
    public static readonly ConfigKey<string> ListenOwner = ConfigKey.String("LISTEN_OWNER", "",
        "the unix socket's owner (--listen-owner), a user name or number; empty = the engine socket's", validate: Name);
    public static readonly ConfigKey<string> ListenGroup = ConfigKey.String("LISTEN_GROUP", "",
        "the unix socket's group (--listen-group), a group name or number; empty = the engine socket's", validate: Name);
    public static readonly ConfigKey<string> ListenMode = ConfigKey.String("LISTEN_MODE", "",
        "the unix socket's permission bits in octal (--listen-mode), such as 660; empty = the engine socket's",
        validate: v => v.Length == 0 || ParseMode(v) is not null ? null : "octal permission bits such as 660");
    public static readonly ConfigKey<bool> ListenTlsVerify = ConfigKey.Bool("LISTEN_TLS_VERIFY", false,
        "a TCP listener takes only clients with a certificate signed by LISTEN_TLS_CACERT (--tlsverify)");
    public static readonly ConfigKey<string> ListenTlsCaCert = ConfigKey.String("LISTEN_TLS_CACERT", "",
        "with LISTEN_TLS_VERIFY: the CA that signs client certificates, a PEM file (--tlscacert)");
    public static readonly ConfigKey<string> ListenTlsCert = ConfigKey.String("LISTEN_TLS_CERT", "",
        "with LISTEN_TLS_VERIFY: the wrapper's server certificate, a PEM file (--tlscert)");
    public static readonly ConfigKey<string> ListenTlsKey = ConfigKey.String("LISTEN_TLS_KEY", "",
        "with LISTEN_TLS_VERIFY: the server certificate's private key, a PEM file (--tlskey)");
    public static readonly ConfigKey<bool> InsecureTcp = ConfigKey.Bool("INSECURE_TCP", false,
        "accept a TCP listener without TLS (--insecure-tcp): anyone who reaches the port gets the engine");
    public static readonly ConfigKey<double> HeaderTimeout = ConfigKey.Double("HEADER_TIMEOUT", 30,
        "seconds a client may take to send a complete request head", Positive);
    public static readonly ConfigKey<int> MaxConnections = ConfigKey.Int("MAX_CONNECTIONS", 256,
        "client connections open at once; more are refused with a 503", v => v > 0 ? null : "a positive number of connections");
    public static readonly ConfigKey<string> DockerHost = ConfigKey.String("DOCKER_HOST", "unix:///var/run/docker.sock",
        "the engine or Swarm manager behind the wrapper (--upstream): unix:///path or tcp://host:port; else env DOCKER_HOST",
        validate: v => IsUpstream(v) ? null : "unix:///path or tcp://host:port");
    public static readonly ConfigKey<bool> TlsVerify = ConfigKey.Bool("TLS_VERIFY", false,
        "TLS towards the engine (--upstream-tlsverify), with the files in CERT_PATH; else env DOCKER_TLS_VERIFY");
    public static readonly ConfigKey<string> CertPath = ConfigKey.String("CERT_PATH", "",
        "with TLS_VERIFY: a folder with ca.pem, cert.pem and key.pem (--cert-path); else env DOCKER_CERT_PATH");
    public static readonly ConfigKey<string> Database = ConfigKey.String("DB", "/var/lib/clues2/docker-wrapper.db",
        "the SQLite job database (--db); jobs survive a restart in it");
    public static readonly ConfigKey<string> Mode = ConfigKey.String("MODE", "auto",
        "how jobs are dispatched (--mode): swarm (a service each), container (on the engine), auto (swarm on a Swarm manager)",
        validate: OneOf<DispatchMode>);
    public static readonly ConfigKey<string> Order = ConfigKey.String("ORDER", "fifo", "queue order (--order): fifo or lifo",
        validate: OneOf<QueueOrder>);
    public static readonly ConfigKey<double> PeriodDispatch = ConfigKey.Double("PERIOD_DISPATCH", 1,
        "seconds between passes of the dispatch loop", Positive);
    public static readonly ConfigKey<double> RetryDelay = ConfigKey.Double("RETRY_DELAY", 2,
        "seconds before retrying a failed dispatch, doubled at each failure", Positive);
    public static readonly ConfigKey<double> MaxRetryDelay = ConfigKey.Double("MAX_RETRY_DELAY", 60,
        "the longest delay between dispatch retries, seconds", Positive);
    public static readonly ConfigKey<double> KeepFinished = ConfigKey.Double("KEEP_FINISHED", 3600,
        "seconds an ended job stays listed (and its Swarm service kept)", Positive);
    public static readonly ConfigKey<int> MaxRunning = ConfigKey.Int("MAX_RUNNING", 0,
        "container mode: most jobs running at once; 0 = no limit", v => v >= 0 ? null : "0 (no limit) or a positive number of jobs");
    public static readonly ConfigKey<string> PlacementConstraints = ConfigKey.String("PLACEMENT_CONSTRAINTS", WrapperOptions.WorkersOnly.ToString(),
        "swarm mode: constraints of every job's service, comma-separated, empty = none; absent = node.role==worker, or none when [DOCKER] INCLUDE_MANAGERS is on",
        validate: ConstraintsError);
    public static readonly ConfigKey<string> CluesXmlRpc = ConfigKey.String("CLUES_XMLRPC", "",
        "CLUES' XML-RPC server, to which jobs are announced; empty = [client] CLUES_XMLRPC, and no announcements when that is empty too",
        validate: v => v.Trim().Length == 0 || IsXmlRpcUrl(v.Trim()) ? null : XmlRpcExpected);
    public static readonly ConfigKey<string> CluesSecretToken = ConfigKey.String("CLUES_SECRET_TOKEN", "",
        "the secret of CLUES' API; empty = [client], else [general] CLUES_SECRET_TOKEN");
    public static readonly ConfigKey<double> CluesAnnounceTimeout = ConfigKey.Double("CLUES_ANNOUNCE_TIMEOUT", 30,
        "seconds one announcement to CLUES may take", Positive);

    /// <summary>What an invalid <c>CLUES_XMLRPC</c> (here or in <c>[client]</c>) should have been.</summary>
    public const string XmlRpcExpected = "an http:// URL of CLUES' XML-RPC server (such as http://localhost:8000/RPC2), or empty";

    /// <summary>The declared section.</summary>
    public static ConfigSectionSchema Schema { get; } = new(Section,
        "docker-wrapper: the Docker API proxy that queues docker run as jobs for CLUES (command-line options override these keys).",
        [
            Listen, ListenOwner, ListenGroup, ListenMode, ListenTlsVerify, ListenTlsCaCert, ListenTlsCert, ListenTlsKey, InsecureTcp,
            HeaderTimeout, MaxConnections, DockerHost, TlsVerify, CertPath, Database, Mode, Order, PeriodDispatch, RetryDelay,
            MaxRetryDelay, KeepFinished, MaxRunning, PlacementConstraints, CluesXmlRpc, CluesSecretToken, CluesAnnounceTimeout,
        ]);

    /// <summary>Octal permission bits (3 or 4 digits, at most 777), or null.</summary>
    public static UnixFileMode? ParseMode(string text) =>
        text.Length is >= 3 and <= 4 && text.All(c => c is >= '0' and <= '7') && Convert.ToInt32(text, 8) is var mode && mode <= 0x1ff
            ? (UnixFileMode)mode : null;

    /// <summary>True for an http(s) URL.</summary>
    public static bool IsXmlRpcUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static bool IsListenAddress(string listen) => listen.StartsWith("unix://", StringComparison.Ordinal)
        ? listen.Length > "unix://".Length
        : IPEndPoint.TryParse(listen.StartsWith("tcp://", StringComparison.Ordinal) ? listen[6..] : listen, out _);

    private static bool IsUpstream(string text)
    {
        try
        {
            UpstreamEndpoint.Parse(text, false, null);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string? Positive(double seconds) => seconds > 0 ? null : PositiveSeconds;

    private static string? Name(string name) =>
        name.Length == 0 || NamePattern().IsMatch(name) ? null : "a user or group name or number";

    private static string? OneOf<T>(string text) where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _)
            ? null : "one of " + string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));

    private static string? ConstraintsError(string text)
    {
        var bad = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(c => PlacementConstraint.TryParse(c) is null).ToList();
        return bad.Count == 0 ? null
            : $"Swarm constraints separated by commas ({string.Join(", ", bad.Select(b => $"'{b}'"))} is not one), each ATTRIBUTE==VALUE or "
              + "ATTRIBUTE!=VALUE with node.id, node.hostname, node.role, node.platform.os, node.platform.arch, node.labels.NAME or "
              + "engine.labels.NAME (such as node.role==worker)";
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]*$")]
    private static partial Regex NamePattern();
}
