using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Http;

namespace Clues.Plugins.Kubernetes;

/// <summary><c>[KUBERNETES]</c>: the Kubernetes LRMS plugin's settings (CLUES' keys and defaults, plus a few of this port's).</summary>
internal sealed record KubernetesLrmsOptions : IConfigSectionOwner
{
    public const string Section = "KUBERNETES";
    public const string ServerKey = "KUBERNETES_SERVER";
    public const string PodsPathKey = "KUBERNETES_PODS_API_URL_PATH";
    public const string NodesPathKey = "KUBERNETES_NODES_API_URL_PATH";
    public const string TokenKey = "KUBERNETES_TOKEN";
    public const string TokenFileKey = "KUBERNETES_TOKEN_FILE";
    public const string CaFileKey = "KUBERNETES_CA_FILE";
    public const string ClientCertificateKey = "KUBERNETES_CLIENT_CERT";
    public const string ClientKeyKey = "KUBERNETES_CLIENT_KEY";
    public const string InsecureKey = "KUBERNETES_INSECURE_SKIP_TLS_VERIFY";
    public const string NodeMemoryKey = "KUBERNETES_NODE_MEMORY";
    public const string NodeSlotsKey = "KUBERNETES_NODE_SLOTS";
    public const string NodePodsKey = "KUBERNETES_NODE_PODS";
    public const string VirtualNodesFileKey = "KUBERNETES_VNODES_FILE";
    public const string PageSizeKey = "KUBERNETES_PAGE_SIZE";
    public const string DefaultServer = "http://localhost:8080";
    public const string DefaultNodeMemory = "1 GB";

    /// <summary><c>KUBERNETES_SERVER</c>, default <c>http://localhost:8080</c>: the API server.</summary>
    public Uri Server { get; init; } = new(DefaultServer);

    /// <summary><c>KUBERNETES_PODS_API_URL_PATH</c>, default <c>/api/v1/pods</c> (all namespaces).</summary>
    public string PodsPath { get; init; } = "/api/v1/pods";

    /// <summary><c>KUBERNETES_NODES_API_URL_PATH</c>, default <c>/api/v1/nodes</c>.</summary>
    public string NodesPath { get; init; } = "/api/v1/nodes";

    /// <summary><c>KUBERNETES_TOKEN</c>, default none: a bearer token (a service account's).</summary>
    public string? Token { get; init; }

    /// <summary>
    /// <c>KUBERNETES_TOKEN_FILE</c>, default none: a file with the bearer token, read before every request (for
    /// example <c>/var/run/secrets/kubernetes.io/serviceaccount/token</c>, which the kubelet rotates).
    /// </summary>
    public string? TokenFile { get; init; }

    /// <summary><c>KUBERNETES_CA_FILE</c>, default none (the system's trust store): the cluster CA, PEM.</summary>
    public string? CaFile { get; init; }

    /// <summary><c>KUBERNETES_CLIENT_CERT</c> / <c>KUBERNETES_CLIENT_KEY</c>: a PEM client certificate and key (mutual TLS).</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>The key of <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>
    /// <c>KUBERNETES_INSECURE_SKIP_TLS_VERIFY</c>, default false. FIX (spec clues-plugins §2.5): CLUES never verified
    /// the server's certificate, so anyone on the path could read the token; set the CA file instead.
    /// </summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary><c>KUBERNETES_NODE_MEMORY</c>, default <c>1 GB</c> (CLUES' units: binary, a bare number is bytes): a virtual node's memory.</summary>
    public double NodeMemory { get; init; } = 1L << 30;

    /// <summary><c>KUBERNETES_NODE_SLOTS</c>, default 1: a virtual node's CPUs.</summary>
    public int NodeSlots { get; init; } = 1;

    /// <summary><c>KUBERNETES_NODE_PODS</c>, default 110: a virtual node's pod capacity.</summary>
    public int NodePods { get; init; } = 110;

    /// <summary>
    /// <c>KUBERNETES_VNODES_FILE</c>, default <c>/etc/clues2/kubernetes_vnodes.info</c> (fixed in CLUES): the JSON list
    /// of the nodes that can be powered on while they are not registered.
    /// </summary>
    public string VirtualNodesFile { get; init; } = "/etc/clues2/kubernetes_vnodes.info";

    /// <summary><c>KUBERNETES_PAGE_SIZE</c>, default 500: items per list request (the API's <c>limit</c>).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary><c>[general] TIMEOUT_COMMANDS</c>: the limit of one API request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The HTTP client setup these options describe.</summary>
    public RestClientOptions ToRestClientOptions() => new()
    {
        BaseAddress = Server,
        BearerToken = Token,
        BearerTokenFile = TokenFile,
        CaFile = CaFile,
        ClientCertificateFile = ClientCertificateFile,
        ClientKeyFile = ClientKeyFile,
        InsecureSkipVerify = InsecureSkipVerify,
        Timeout = RequestTimeout,
    };

    private static readonly ConfigKey<string> ServerSetting = ConfigKey.String(ServerKey, DefaultServer,
        "the Kubernetes API server", validate: v => RestConfigKeys.HttpUrl(v) is null
            ? "an http:// or https:// URL of the Kubernetes API server (such as https://kubeserver:6443)" : null);
    private static readonly ConfigKey<string> PodsPathSetting = ApiPath(PodsPathKey, "/api/v1/pods", "the pods list (all namespaces)");
    private static readonly ConfigKey<string> NodesPathSetting = ApiPath(NodesPathKey, "/api/v1/nodes", "the nodes list");
    private static readonly ConfigKey<string> TokenSetting = ConfigKey.String(TokenKey, "", "a bearer token (a service account's); empty or None = none");
    private static readonly ConfigKey<string> TokenFileSetting = ConfigKey.String(TokenFileKey, "",
        "a file with the bearer token, read before every request (the kubelet rotates service-account tokens)");
    private static readonly ConfigKey<string> CaFileSetting = RestConfigKeys.PemFile(CaFileKey, "the cluster CA (PEM); empty = the system's trust store");
    private static readonly ConfigKey<string> ClientCertificateSetting = RestConfigKeys.PemFile(ClientCertificateKey, "a client certificate (PEM) for mutual TLS");
    private static readonly ConfigKey<string> ClientKeySetting = RestConfigKeys.PemFile(ClientKeyKey, "the key of KUBERNETES_CLIENT_CERT (PEM)");
    private static readonly ConfigKey<bool> InsecureSetting = ConfigKey.Bool(InsecureKey, false,
        "skip the server certificate check (CLUES never checked it; set KUBERNETES_CA_FILE instead)");
    private static readonly ConfigKey<string> NodeMemorySetting = ConfigKey.String(NodeMemoryKey, DefaultNodeMemory,
        "a virtual node's memory (CLUES' units: binary, a bare number is bytes)",
        validate: v => CluesMemory.TryParse(v, out _) ? null : "a memory size such as 1 GB, 2048Mi or 1073741824 (bytes)");
    private static readonly ConfigKey<int> NodeSlotsSetting = ConfigKey.Int(NodeSlotsKey, 1, "a virtual node's CPUs");
    private static readonly ConfigKey<int> NodePodsSetting = ConfigKey.Int(NodePodsKey, 110, "a virtual node's pod capacity");
    private static readonly ConfigKey<string> VirtualNodesFileSetting = ConfigKey.String(VirtualNodesFileKey, "/etc/clues2/kubernetes_vnodes.info",
        "the JSON list of the nodes that can be powered on while they are not registered");
    private static readonly ConfigKey<int> PageSizeSetting = ConfigKey.Int(PageSizeKey, 500, "items per list request (the API's limit)",
        validate: v => v > 0 ? null : "a positive number of items per page (such as 500)");

    /// <summary>The declared <c>[KUBERNETES]</c> keys.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section,
        "cluesplugins.kubernetes: nodes and their load from the Kubernetes API server, pending pods as jobs.",
        [ServerSetting, PodsPathSetting, NodesPathSetting, TokenSetting, TokenFileSetting, CaFileSetting, ClientCertificateSetting,
         ClientKeySetting, InsecureSetting, NodeMemorySetting, NodeSlotsSetting, NodePodsSetting, VirtualNodesFileSetting, PageSizeSetting]);

    public static KubernetesLrmsOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        CluesMemory.TryParse(NodeMemorySetting.Read(config, Section), out var memory);
        var timeout = config.GetDouble(GeneralOptions.Section, "TIMEOUT_COMMANDS", new GeneralOptions().TimeoutCommands);
        return new KubernetesLrmsOptions
        {
            Server = RestConfigKeys.HttpUrl(ServerSetting.Read(config, Section))!,
            PodsPath = PodsPathSetting.Read(config, Section),
            NodesPath = NodesPathSetting.Read(config, Section),
            Token = RestConfigKeys.Optional(TokenSetting.Read(config, Section)),
            TokenFile = RestConfigKeys.Optional(TokenFileSetting.Read(config, Section)),
            CaFile = RestConfigKeys.Optional(CaFileSetting.Read(config, Section)),
            ClientCertificateFile = RestConfigKeys.Optional(ClientCertificateSetting.Read(config, Section)),
            ClientKeyFile = RestConfigKeys.Optional(ClientKeySetting.Read(config, Section)),
            InsecureSkipVerify = InsecureSetting.Read(config, Section),
            NodeMemory = memory,
            NodeSlots = NodeSlotsSetting.Read(config, Section),
            NodePods = NodePodsSetting.Read(config, Section),
            VirtualNodesFile = VirtualNodesFileSetting.Read(config, Section),
            PageSize = PageSizeSetting.Read(config, Section),
            RequestTimeout = timeout > 0 ? TimeSpan.FromSeconds(timeout) : Timeout.InfiniteTimeSpan,
        };
    }

    private static ConfigKey<string> ApiPath(string key, string defaultValue, string what) => ConfigKey.String(key, defaultValue,
        $"the API path of {what}", validate: v => v.StartsWith('/') ? null : "an API path starting with / (such as " + defaultValue + ")");

}
