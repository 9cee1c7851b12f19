using Clues.Core.Config;
using Clues.Core.Http;

namespace Clues.Plugins.Kubernetes;

/// <summary><c>[KUBERNETES]</c>: the Kubernetes LRMS plugin's settings (CLUES' keys and defaults, plus a few of this port's).</summary>
internal sealed record KubernetesLrmsOptions
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

    public static KubernetesLrmsOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var defaults = new KubernetesLrmsOptions();
        var server = config.GetString(Section, ServerKey, DefaultServer);
        if (!Uri.TryCreate(server, UriKind.Absolute, out var serverUri) || serverUri.Scheme is not ("http" or "https"))
        {
            config.AddError(new ConfigError(config.Find(Section, ServerKey)?.File, Section, ServerKey, server,
                "an http:// or https:// URL of the Kubernetes API server (such as https://kubeserver:6443)"));
            serverUri = defaults.Server;
        }

        var memoryText = config.GetString(Section, NodeMemoryKey, DefaultNodeMemory);
        if (!CluesMemory.TryParse(memoryText, out var memory))
        {
            config.AddError(new ConfigError(config.Find(Section, NodeMemoryKey)?.File, Section, NodeMemoryKey, memoryText,
                "a memory size such as 1 GB, 2048Mi or 1073741824 (bytes)"));
            memory = defaults.NodeMemory;
        }

        var pageSize = config.GetInt(Section, PageSizeKey, defaults.PageSize);
        if (pageSize <= 0)
        {
            config.AddError(config.Find(Section, PageSizeKey)!, Section, "a positive number of items per page (such as 500)");
            pageSize = defaults.PageSize;
        }

        var timeout = config.GetDouble(GeneralOptions.Section, "TIMEOUT_COMMANDS", new GeneralOptions().TimeoutCommands);
        return new KubernetesLrmsOptions
        {
            Server = serverUri,
            PodsPath = Path(config, PodsPathKey, defaults.PodsPath),
            NodesPath = Path(config, NodesPathKey, defaults.NodesPath),
            Token = Optional(config, TokenKey),
            TokenFile = Optional(config, TokenFileKey),
            CaFile = ExistingFile(config, CaFileKey),
            ClientCertificateFile = ExistingFile(config, ClientCertificateKey),
            ClientKeyFile = ExistingFile(config, ClientKeyKey),
            InsecureSkipVerify = config.GetBool(Section, InsecureKey, defaults.InsecureSkipVerify),
            NodeMemory = memory,
            NodeSlots = config.GetInt(Section, NodeSlotsKey, defaults.NodeSlots),
            NodePods = config.GetInt(Section, NodePodsKey, defaults.NodePods),
            VirtualNodesFile = config.GetString(Section, VirtualNodesFileKey, defaults.VirtualNodesFile),
            PageSize = pageSize,
            RequestTimeout = timeout > 0 ? TimeSpan.FromSeconds(timeout) : Timeout.InfiniteTimeSpan,
        };
    }

    private static string Path(CluesConfig config, string key, string defaultValue)
    {
        var path = config.GetString(Section, key, defaultValue);
        if (!path.StartsWith('/'))
        {
            config.AddError(new ConfigError(config.Find(Section, key)?.File, Section, key, path, "an API path starting with / (such as " + defaultValue + ")"));
            return defaultValue;
        }
        return path;
    }

    private static string? ExistingFile(CluesConfig config, string key)
    {
        var file = Optional(config, key);
        if (file is not null && !File.Exists(file))
        {
            config.AddError(config.Find(Section, key)!, Section, "the path of an existing PEM file");
            return null;
        }
        return file;
    }

    // CLUES' None default: absent, empty and the literal "None" all mean "not set".
    private static string? Optional(CluesConfig config, string key) =>
        config.GetString(Section, key, "") is { Length: > 0 } value && value != "None" ? value : null;
}
