using System.Text.Json;
using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Http;

namespace Clues.Plugins.Nomad;

/// <summary><c>[NOMAD]</c>: the Nomad LRMS plugin's settings (CLUES' keys and defaults, plus a few of this port's).</summary>
/// <remarks>
/// KEEP (spec clues-plugins §2.7): double quotes are removed from every string value, so <c>NOMAD_QUEUES="default"</c>
/// is <c>default</c>. Keys CLUES declared but this port does not need are still declared, so CLUES' own
/// plugin-nomad.cfg loads without warnings; their descriptions say why they are not used.
/// </remarks>
internal sealed record NomadLrmsOptions : IConfigSectionOwner
{
    public const string Section = "NOMAD";
    public const string ServerKey = "NOMAD_SERVER";
    public const string HeadersKey = "NOMAD_HEADERS";
    public const string ApiVersionKey = "NOMAD_API_VERSION";
    public const string ServersPathKey = "NOMAD_API_URL_GET_SERVERS";
    public const string ClientsPathKey = "NOMAD_API_URL_GET_CLIENTS";
    public const string ClientInfoPathKey = "NOMAD_API_URL_GET_CLIENT_INFO";
    public const string ClientStatusPathKey = "NOMAD_API_URL_GET_CLIENT_STATUS";
    public const string ClientAllocationsPathKey = "NOMAD_API_URL_GET_CLIENT_ALLOCATIONS";
    public const string AllocationsPathKey = "NOMAD_API_URL_GET_ALLOCATIONS";
    public const string JobsPathKey = "NOMAD_API_URL_GET_JOBS";
    public const string JobInfoPathKey = "NOMAD_API_URL_GET_JOBS_INFO";
    public const string AllocationInfoPathKey = "NOMAD_API_URL_GET_ALLOCATION_INFO";
    public const string AclTokenKey = "NOMAD_ACL_TOKEN";
    public const string TokenKey = "NOMAD_TOKEN";
    public const string MaxRetriesKey = "MAX_RETRIES";
    public const string AuthDataKey = "NOMAD_AUTH_DATA";
    public const string StateOffKey = "NOMAD_STATE_OFF";
    public const string StateOnKey = "NOMAD_STATE_ON";
    public const string PrivateHttpPortKey = "NOMAD_PRIVATE_HTTP_PORT";
    public const string VirtualNodesFileKey = "NOMAD_NODES_LIST_CLUES";
    public const string QueuesKey = "NOMAD_QUEUES";
    public const string QueuesOjpnKey = "NOMAD_QUEUES_OJPN";
    public const string DefaultCpusKey = "NOMAD_DEFAULT_CPUS_PER_NODE";
    public const string DefaultMemoryKey = "NOMAD_DEFAULT_MEMORY_PER_NODE";
    public const string CpuGhzKey = "NOMAD_DEFAULT_CPU_GHZ";
    public const string ClientCertificateKey = "NOMAD_SERVER_CERT";
    public const string ClientKeyKey = "NOMAD_SERVER_KEY";
    public const string CaFileKey = "NOMAD_CA_CERT";
    public const string InsecureKey = "NOMAD_INSECURE_SKIP_TLS_VERIFY";
    public const string NamespaceKey = "NOMAD_NAMESPACE";
    public const string PageSizeKey = "NOMAD_PAGE_SIZE";
    public const string DefaultServer = "http://localhost:4646";
    public const string ClientIdPlaceholder = "$CLIENT_ID$";
    public const string JobIdPlaceholder = "$JOB_ID$";

    /// <summary><c>NOMAD_SERVER</c>, default <c>http://localhost:4646</c>: a Nomad agent's HTTP API (any server or client agent; it forwards to the leader).</summary>
    public Uri Server { get; init; } = new(DefaultServer);

    /// <summary>
    /// <c>NOMAD_HEADERS</c>, default <c>{}</c>: a JSON object of headers sent with every request. FIX (spec §2.7):
    /// CLUES parsed them and never sent them.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary><c>NOMAD_API_VERSION</c>, default <c>/v1</c>: the prefix of every path below.</summary>
    public string ApiVersion { get; init; } = "/v1";

    /// <summary><c>NOMAD_API_URL_GET_CLIENTS</c>, default <c>/nodes</c>: the node list.</summary>
    public string ClientsPath { get; init; } = "/nodes";

    /// <summary><c>NOMAD_API_URL_GET_CLIENT_INFO</c>, default <c>/node/$CLIENT_ID$</c>: one node; its drain and eligibility are under it.</summary>
    public string ClientInfoPath { get; init; } = "/node/" + ClientIdPlaceholder;

    /// <summary><c>NOMAD_API_URL_GET_CLIENT_ALLOCATIONS</c>, default <c>/node/$CLIENT_ID$/allocations</c>: one node's allocations.</summary>
    public string ClientAllocationsPath { get; init; } = "/node/" + ClientIdPlaceholder + "/allocations";

    /// <summary><c>NOMAD_API_URL_GET_ALLOCATIONS</c>, default <c>/allocations</c>: every allocation (one list instead of CLUES' two requests per node).</summary>
    public string AllocationsPath { get; init; } = "/allocations";

    /// <summary><c>NOMAD_API_URL_GET_JOBS</c>, default <c>/jobs</c>.</summary>
    public string JobsPath { get; init; } = "/jobs";

    /// <summary><c>NOMAD_API_URL_GET_JOBS_INFO</c>, default <c>/job/$JOB_ID$</c>.</summary>
    public string JobInfoPath { get; init; } = "/job/" + JobIdPlaceholder;

    /// <summary>
    /// <c>NOMAD_ACL_TOKEN</c> (else <c>NOMAD_TOKEN</c>, which CLUES declared and never used), default none: sent as
    /// <c>X-Nomad-Token</c>. FIX (spec §2.7): the example's <c>None</c> means no token, not the token "None".
    /// </summary>
    public string? AclToken { get; init; }

    /// <summary><c>NOMAD_STATE_ON</c>, default <c>ready</c>: the node status of a node that is up.</summary>
    public string StateOn { get; init; } = "ready";

    /// <summary><c>NOMAD_STATE_OFF</c>, default <c>down</c>: the node status of a node that is off.</summary>
    public string StateOff { get; init; } = "down";

    /// <summary><c>NOMAD_NODES_LIST_CLUES</c>, default <c>/etc/clues2/nomad_vnodes.info</c>: the JSON list of the nodes CLUES manages.</summary>
    public string VirtualNodesFile { get; init; } = "/etc/clues2/nomad_vnodes.info";

    /// <summary><c>NOMAD_QUEUES</c>, default <c>default</c>: the node classes (comma list) that are CLUES queues.</summary>
    public IReadOnlyList<string> Queues { get; init; } = ["default"];

    /// <summary><c>NOMAD_DEFAULT_CPUS_PER_NODE</c>, default 2.0: a virtual node's CPUs.</summary>
    public double DefaultCpus { get; init; } = 2.0;

    /// <summary><c>NOMAD_DEFAULT_MEMORY_PER_NODE</c>, default <c>8Gi</c>: a virtual node's memory, bytes.</summary>
    public double DefaultMemory { get; init; } = 8.0 * (1L << 30);

    /// <summary><c>NOMAD_DEFAULT_CPU_GHZ</c>, default 2.6: Nomad counts CPU in MHz; this many GHz make one CLUES slot.</summary>
    public double CpuGhz { get; init; } = 2.6;

    /// <summary>MHz per CLUES slot.</summary>
    public double MhzPerCore => CpuGhz * 1000.0;

    /// <summary><c>NOMAD_CA_CERT</c>, default none (the system's trust store): the CA of the Nomad agents' certificates, PEM.</summary>
    public string? CaFile { get; init; }

    /// <summary><c>NOMAD_SERVER_CERT</c>: the client certificate (PEM) presented for mutual TLS (CLUES' name; it is the client's).</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary><c>NOMAD_SERVER_KEY</c>: the key of <see cref="ClientCertificateFile"/>; none when the certificate file holds it.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>
    /// <c>NOMAD_INSECURE_SKIP_TLS_VERIFY</c>, default false. FIX (spec §2.7): CLUES did not verify the agent's
    /// certificate when no CA was set; this port uses the system's trust store unless told otherwise.
    /// </summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary><c>NOMAD_NAMESPACE</c>, default <c>*</c> (every namespace the token may read): the namespace of the jobs and allocations.</summary>
    public string Namespace { get; init; } = "*";

    /// <summary><c>NOMAD_PAGE_SIZE</c>, default 500: items per list request (<c>per_page</c>, followed with <c>next_token</c>).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary><c>[general] TIMEOUT_COMMANDS</c>: the limit of one API request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The HTTP client setup these options describe: the token goes as <c>X-Nomad-Token</c>, with <see cref="Headers"/>.</summary>
    public RestClientOptions ToRestClientOptions()
    {
        var headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase);
        if (AclToken is { } token)
        {
            headers["X-Nomad-Token"] = token;
        }
        return new RestClientOptions
        {
            BaseAddress = Server,
            Headers = headers,
            CaFile = CaFile,
            ClientCertificateFile = ClientCertificateFile,
            ClientKeyFile = ClientKeyFile,
            InsecureSkipVerify = InsecureSkipVerify,
            Timeout = RequestTimeout,
        };
    }

    private static readonly ConfigKey<string> ServerSetting = ConfigKey.String(ServerKey, DefaultServer,
        "a Nomad agent's HTTP API (https turns on TLS)", validate: v => ServerUri(v) is null
            ? "an http:// or https:// URL of a Nomad agent (such as https://nomad.example:4646)" : null);
    private static readonly ConfigKey<string> HeadersSetting = ConfigKey.String(HeadersKey, "{}",
        "a JSON object of headers sent with every request (CLUES never sent them)",
        validate: v => ParseHeaders(v) is null ? "a JSON object of header names and string values, such as {\"X-Tenant\": \"a\"}" : null);
    private static readonly ConfigKey<string> ApiVersionSetting = ConfigKey.String(ApiVersionKey, "/v1", "the prefix of every API path below",
        validate: v => Unquote(v).StartsWith('/') ? null : "an API path starting with / (such as /v1)");
    private static readonly ConfigKey<string> ServersPathSetting = Unused(ServersPathKey, "/agent/members",
        "unused: CLUES asked every server for the same cluster and listed each node and job once per server; NOMAD_SERVER forwards to the leader");
    private static readonly ConfigKey<string> ClientsPathSetting = ApiPath(ClientsPathKey, "/nodes", "the node list");
    private static readonly ConfigKey<string> ClientInfoPathSetting = ApiPath(ClientInfoPathKey, "/node/" + ClientIdPlaceholder,
        "one node (its drain and eligibility are under it)", ClientIdPlaceholder);
    private static readonly ConfigKey<string> ClientStatusPathSetting = Unused(ClientStatusPathKey, "/client/stats",
        "unused: a node's CPU and memory come from the server's node record, not from each client agent");
    private static readonly ConfigKey<string> ClientAllocationsPathSetting = ApiPath(ClientAllocationsPathKey, "/node/" + ClientIdPlaceholder + "/allocations",
        "one node's allocations (looked at before a power-off)", ClientIdPlaceholder);
    private static readonly ConfigKey<string> AllocationsPathSetting = ApiPath(AllocationsPathKey, "/allocations", "every allocation (the load of the nodes)");
    private static readonly ConfigKey<string> JobsPathSetting = ApiPath(JobsPathKey, "/jobs", "the job list");
    private static readonly ConfigKey<string> JobInfoPathSetting = ApiPath(JobInfoPathKey, "/job/" + JobIdPlaceholder, "one job", JobIdPlaceholder);
    private static readonly ConfigKey<string> AllocationInfoPathSetting = Unused(AllocationInfoPathKey, "/allocation", "unused, as in CLUES");
    private static readonly ConfigKey<string> AclTokenSetting = ConfigKey.String(AclTokenKey, "", "the ACL token, sent as X-Nomad-Token; empty or None = none");
    private static readonly ConfigKey<string> TokenSetting = ConfigKey.String(TokenKey, "", "the ACL token when NOMAD_ACL_TOKEN is not set (unused in CLUES)");
    private static readonly ConfigKey<int> MaxRetriesSetting = ConfigKey.Int(MaxRetriesKey, 10,
        "unused: CLUES retried a refused connection every 5 s, blocking its loop; the next monitoring pass is the retry");
    private static readonly ConfigKey<string> AuthDataSetting = Unused(AuthDataKey, "", "unused: CLUES could not read it from a file");
    private static readonly ConfigKey<string> StateOffSetting = ConfigKey.String(StateOffKey, "down", "the node status of a node that is off");
    private static readonly ConfigKey<string> StateOnSetting = ConfigKey.String(StateOnKey, "ready", "the node status of a node that is up");
    private static readonly ConfigKey<string> PrivateHttpPortSetting = Unused(PrivateHttpPortKey, "4646", "unused: the servers are not asked one by one (see NOMAD_API_URL_GET_SERVERS)");
    private static readonly ConfigKey<string> VirtualNodesFileSetting = ConfigKey.String(VirtualNodesFileKey, "/etc/clues2/nomad_vnodes.info",
        "the JSON list of the nodes CLUES manages (name, cpu, memory, queues, keywords)");
    private static readonly ConfigKey<string> QueuesSetting = ConfigKey.String(QueuesKey, "default", "the node classes (comma list) that are CLUES queues",
        validate: v => SplitQueues(v).Count > 0 ? null : "a comma list of node classes, such as default,gpu");
    private static readonly ConfigKey<string> QueuesOjpnSetting = Unused(QueuesOjpnKey, "", "unused, as in CLUES");
    private static readonly ConfigKey<double> DefaultCpusSetting = ConfigKey.Double(DefaultCpusKey, 2.0, "a virtual node's CPUs",
        validate: v => v >= 0 ? null : "a number of CPUs, 0 or more");
    private static readonly ConfigKey<string> DefaultMemorySetting = ConfigKey.String(DefaultMemoryKey, "8Gi",
        "a virtual node's memory (CLUES' units: binary, a bare number is bytes)",
        validate: v => CluesMemory.TryParse(Unquote(v), out _) ? null : "a memory size such as 8Gi, 512M or 1073741824 (bytes)");
    private static readonly ConfigKey<double> CpuGhzSetting = ConfigKey.Double(CpuGhzKey, 2.6, "GHz per CLUES slot (Nomad counts CPU in MHz)",
        validate: v => v > 0 ? null : "a positive number of GHz, such as 2.6");
    private static readonly ConfigKey<string> ClientCertificateSetting = PemFile(ClientCertificateKey, "the client certificate (PEM) for mutual TLS");
    private static readonly ConfigKey<string> ClientKeySetting = PemFile(ClientKeyKey, "the key of NOMAD_SERVER_CERT (PEM)");
    private static readonly ConfigKey<string> CaFileSetting = PemFile(CaFileKey, "the CA of the agents' certificates (PEM); empty = the system's trust store");
    private static readonly ConfigKey<bool> InsecureSetting = ConfigKey.Bool(InsecureKey, false,
        "skip the agent certificate check (CLUES did when NOMAD_CA_CERT was not set; set it instead)");
    private static readonly ConfigKey<string> NamespaceSetting = ConfigKey.String(NamespaceKey, "*", "the namespace of jobs and allocations; * = all the token may read",
        validate: v => Unquote(v).Length > 0 ? null : "a namespace, or * for all");
    private static readonly ConfigKey<int> PageSizeSetting = ConfigKey.Int(PageSizeKey, 500, "items per list request (per_page)",
        validate: v => v > 0 ? null : "a positive number of items per page (such as 500)");

    /// <summary>The declared <c>[NOMAD]</c> keys.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section,
        "cluesplugins.nomad: the nodes of the virtual-nodes file and their load from the Nomad API, task groups as jobs.",
        [ServerSetting, HeadersSetting, ApiVersionSetting, ServersPathSetting, ClientsPathSetting, ClientInfoPathSetting, ClientStatusPathSetting,
         ClientAllocationsPathSetting, AllocationsPathSetting, JobsPathSetting, JobInfoPathSetting, AllocationInfoPathSetting, AclTokenSetting,
         TokenSetting, MaxRetriesSetting, AuthDataSetting, StateOffSetting, StateOnSetting, PrivateHttpPortSetting, VirtualNodesFileSetting,
         QueuesSetting, QueuesOjpnSetting, DefaultCpusSetting, DefaultMemorySetting, CpuGhzSetting, ClientCertificateSetting, ClientKeySetting,
         CaFileSetting, InsecureSetting, NamespaceSetting, PageSizeSetting]);

    public static NomadLrmsOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string Text(ConfigKey<string> key) => Unquote(key.Read(config, Section));
        foreach (var unused in new[] { ServersPathSetting, ClientStatusPathSetting, AllocationInfoPathSetting, AuthDataSetting, PrivateHttpPortSetting, QueuesOjpnSetting })
        {
            unused.Read(config, Section);
        }
        MaxRetriesSetting.Read(config, Section);
        CluesMemory.TryParse(Text(DefaultMemorySetting), out var memory);
        var timeout = config.GetDouble(GeneralOptions.Section, "TIMEOUT_COMMANDS", new GeneralOptions().TimeoutCommands);
        var queues = SplitQueues(QueuesSetting.Read(config, Section));
        return new NomadLrmsOptions
        {
            Server = ServerUri(Text(ServerSetting)) ?? new Uri(DefaultServer),
            Headers = ParseHeaders(HeadersSetting.Read(config, Section)) ?? new Dictionary<string, string>(),
            ApiVersion = Text(ApiVersionSetting).TrimEnd('/'),
            ClientsPath = Text(ClientsPathSetting),
            ClientInfoPath = Text(ClientInfoPathSetting),
            ClientAllocationsPath = Text(ClientAllocationsPathSetting),
            AllocationsPath = Text(AllocationsPathSetting),
            JobsPath = Text(JobsPathSetting),
            JobInfoPath = Text(JobInfoPathSetting),
            AclToken = Optional(Text(AclTokenSetting)) ?? Optional(Text(TokenSetting)),
            StateOff = Text(StateOffSetting),
            StateOn = Text(StateOnSetting),
            VirtualNodesFile = Text(VirtualNodesFileSetting),
            Queues = queues.Count > 0 ? queues : ["default"],
            DefaultCpus = DefaultCpusSetting.Read(config, Section),
            DefaultMemory = memory,
            CpuGhz = CpuGhzSetting.Read(config, Section) is > 0 and var ghz ? ghz : 2.6,
            ClientCertificateFile = Optional(Text(ClientCertificateSetting)),
            ClientKeyFile = Optional(Text(ClientKeySetting)),
            CaFile = Optional(Text(CaFileSetting)),
            InsecureSkipVerify = InsecureSetting.Read(config, Section),
            Namespace = Text(NamespaceSetting),
            PageSize = PageSizeSetting.Read(config, Section),
            RequestTimeout = timeout > 0 ? TimeSpan.FromSeconds(timeout) : Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>KEEP: CLUES removed every double quote from its Nomad values.</summary>
    private static string Unquote(string value) => value.Replace("\"", "", StringComparison.Ordinal).Trim();

    private static List<string> SplitQueues(string value) =>
        Unquote(value).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static Uri? ServerUri(string server) => RestConfigKeys.HttpUrl(Unquote(server));

    // NOMAD_HEADERS is JSON, so its quotes are not removed; CLUES' own example wraps the object in a JSON string ("{}").
    private static Dictionary<string, string>? ParseHeaders(string json)
    {
        json = json.Trim();
        if (json.Length == 0 || json == "None")
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.String && document.RootElement.GetString() is { } inner && inner != json)
            {
                return ParseHeaders(inner);
            }
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String || property.Name.Length == 0)
                {
                    return null;
                }
                headers[property.Name] = property.Value.GetString()!;
            }
            return headers;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ConfigKey<string> ApiPath(string key, string defaultValue, string what, string? placeholder = null) => ConfigKey.String(key, defaultValue,
        $"the API path of {what}", validate: v => Unquote(v) is var path && path.StartsWith('/') && (placeholder is null || path.Contains(placeholder, StringComparison.Ordinal))
            ? null
            : $"an API path starting with /{(placeholder is null ? "" : " holding " + placeholder)} (such as {defaultValue})");

    private static ConfigKey<string> Unused(string key, string defaultValue, string description) => ConfigKey.String(key, defaultValue, description);

    private static ConfigKey<string> PemFile(string key, string description) => RestConfigKeys.PemFile(key, description, Unquote);

    private static string? Optional(string value) => RestConfigKeys.Optional(value);
}
