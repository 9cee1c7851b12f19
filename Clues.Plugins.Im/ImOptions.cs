using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Http;

namespace Clues.Plugins.Im;

/// <summary><c>[IM VIRTUAL CLUSTER]</c>: the Infrastructure Manager power manager's settings (CLUES' keys and defaults, plus one of this port's).</summary>
internal sealed record ImOptions : IConfigSectionOwner
{
    public const string Section = "IM VIRTUAL CLUSTER";
    public const string ToscaKey = "IM_VIRTUAL_CLUSTER_TOSCA";
    public const string RestApiKey = "IM_VIRTUAL_CLUSTER_REST_API";
    public const string RestSslKey = "IM_VIRTUAL_CLUSTER_REST_SSL";
    public const string CaCertsKey = "IM_VIRTUAL_CLUSTER_REST_SSL_CA_CERTS";
    public const string InsecureKey = "IM_VIRTUAL_CLUSTER_REST_INSECURE_SKIP_TLS_VERIFY";
    public const string AuthFileKey = "IM_VIRTUAL_CLUSTER_AUTH_DATA_FILE";
    public const string DropKey = "IM_VIRTUAL_CLUSTER_DROP_FAILING_VMS";
    public const string ForgetKey = "IM_VIRTUAL_CLUSTER_FORGET_MISSING_VMS";
    public const string DbKey = "IM_VIRTUAL_CLUSTER_DB_CONNECTION_STRING";
    public const string InfrastructureKey = "IM_VIRTUAL_CLUSTER_INF_ID";
    public const string DefaultRestApi = "http://localhost:8800";
    public const string DefaultAuthFile = "/usr/local/ec3/auth.dat";
    public const string DefaultDb = "sqlite:///var/lib/clues2/clues.db";

    /// <summary><c>IM_VIRTUAL_CLUSTER_TOSCA</c>, default false: grow the cluster with TOSCA (<c>text/yaml</c>) instead of RADL.</summary>
    public bool UseTosca { get; init; }

    /// <summary><c>IM_VIRTUAL_CLUSTER_REST_API</c>, default <c>http://localhost:8800</c>: the IM REST API.</summary>
    public Uri RestApi { get; init; } = new(DefaultRestApi);

    /// <summary>
    /// <c>IM_VIRTUAL_CLUSTER_REST_SSL_CA_CERTS</c>, default none (the system's trust store): the CA (PEM) the IM server's
    /// certificate must chain to. FIX (spec clues-plugins §2.14): CLUES read it and still never verified the certificate.
    /// </summary>
    public string? CaFile { get; init; }

    /// <summary><c>IM_VIRTUAL_CLUSTER_REST_INSECURE_SKIP_TLS_VERIFY</c>, default false: accept any certificate (CLUES' behaviour).</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary><c>IM_VIRTUAL_CLUSTER_AUTH_DATA_FILE</c>, default <c>/usr/local/ec3/auth.dat</c>: IM's auth file, read for every request.</summary>
    public string AuthFile { get; init; } = DefaultAuthFile;

    /// <summary>
    /// <c>IM_VIRTUAL_CLUSTER_DROP_FAILING_VMS</c>, default 30 s: a VM whose node stays OFF, OFF_ERR or UNKNOWN longer is
    /// deleted (at most once per period); 0 or less never.
    /// </summary>
    public TimeSpan DropFailing { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>IM_VIRTUAL_CLUSTER_FORGET_MISSING_VMS</c>, default 30 s: a VM IM no longer lists is forgotten after this.</summary>
    public TimeSpan ForgetMissing { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The database file of <c>IM_VIRTUAL_CLUSTER_DB_CONNECTION_STRING</c> (default <c>sqlite:///var/lib/clues2/clues.db</c>,
    /// CLUES' own database): the golden images and the stopped VMs. Null (an empty string) keeps them in memory only.
    /// </summary>
    public string? DatabaseFile { get; init; } = "/var/lib/clues2/clues.db";

    /// <summary><c>IM_VIRTUAL_CLUSTER_INF_ID</c>, default none (the first infrastructure IM lists): an id or a full URL.</summary>
    public string? InfrastructureId { get; init; }

    /// <summary><c>[general] TIMEOUT_COMMANDS</c>: the limit of one request to IM.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The infrastructure's URL when one is configured: a bare id becomes <c>&lt;api&gt;/infrastructures/&lt;id&gt;</c>, as in
    /// CLUES; null when IM is to be asked.
    /// </summary>
    public Uri? InfrastructureUri => InfrastructureId is not { } id ? null
        : id.StartsWith("http", StringComparison.Ordinal) ? new Uri(id)
        : new Uri(RestApi.OriginalString.TrimEnd('/') + "/infrastructures/" + Uri.EscapeDataString(id));

    /// <summary>The HTTP transport these options describe (authentication is IM's own header, added per request).</summary>
    public RestClientOptions ToRestClientOptions() => new()
    {
        BaseAddress = RestApi,
        CaFile = CaFile,
        InsecureSkipVerify = InsecureSkipVerify,
        Timeout = RequestTimeout,
    };

    private static readonly ConfigKey<bool> ToscaSetting = ConfigKey.Bool(ToscaKey, false, "grow the cluster with TOSCA (text/yaml) instead of RADL");
    private static readonly ConfigKey<string> RestApiSetting = ConfigKey.String(RestApiKey, DefaultRestApi, "the IM REST API",
        validate: v => HttpUri(v) is null ? "an http:// or https:// URL of the IM REST API (such as http://localhost:8800)" : null);
    private static readonly ConfigKey<bool> RestSslSetting = ConfigKey.Bool(RestSslKey, false,
        "kept for CLUES' files and not used: the scheme of IM_VIRTUAL_CLUSTER_REST_API decides whether TLS is used");
    private static readonly ConfigKey<string> CaCertsSetting = ConfigKey.String(CaCertsKey, "",
        "the CA (PEM) the IM server's certificate must chain to; empty = the system's trust store",
        validate: v => Optional(v) is not { } file || File.Exists(file) ? null : "the path of an existing PEM file");
    private static readonly ConfigKey<bool> InsecureSetting = ConfigKey.Bool(InsecureKey, false,
        "accept any certificate from the IM server (CLUES never checked it; set IM_VIRTUAL_CLUSTER_REST_SSL_CA_CERTS instead)");
    private static readonly ConfigKey<string> AuthFileSetting = ConfigKey.String(AuthFileKey, DefaultAuthFile,
        "IM's auth file (one credential per line), read for every request and sent as the Authorization header");
    private static readonly ConfigKey<double> DropSetting = ConfigKey.Double(DropKey, 30,
        "seconds a node may stay OFF, OFF_ERR or UNKNOWN while its VM exists before the VM is deleted; 0 = never");
    private static readonly ConfigKey<double> ForgetSetting = ConfigKey.Double(ForgetKey, 30,
        "seconds after which a VM IM no longer lists is forgotten", v => v >= 0 ? null : "a number of seconds >= 0");
    private static readonly ConfigKey<string> DbSetting = ConfigKey.String(DbKey, DefaultDb,
        "where the golden images and stopped VMs are kept: sqlite://<path>, or empty for memory only",
        validate: v => v.Length == 0 || SqlitePath(v) is not null ? null : "sqlite://<path> (such as sqlite:///var/lib/clues2/clues.db) or empty");
    private static readonly ConfigKey<string> InfrastructureSetting = ConfigKey.String(InfrastructureKey, "",
        "the infrastructure id or URL; empty or None = the first infrastructure IM lists",
        validate: v => Optional(v) is not { } id || !id.StartsWith("http", StringComparison.Ordinal) || HttpUri(id) is not null
            ? null : "an infrastructure id or an http(s):// URL");

    /// <summary>The declared <c>[IM VIRTUAL CLUSTER]</c> keys.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section,
        "cluesplugins.im: powers EC3 worker nodes on and off by adding, starting, stopping and deleting VMs through the Infrastructure Manager's REST API.",
        [ToscaSetting, RestApiSetting, RestSslSetting, CaCertsSetting, InsecureSetting, AuthFileSetting, DropSetting, ForgetSetting,
         DbSetting, InfrastructureSetting]);

    public static ImOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        RestSslSetting.Read(config, Section);
        var timeout = config.GetDouble(GeneralOptions.Section, "TIMEOUT_COMMANDS", new GeneralOptions().TimeoutCommands);
        return new ImOptions
        {
            UseTosca = ToscaSetting.Read(config, Section),
            RestApi = HttpUri(RestApiSetting.Read(config, Section)) ?? new Uri(DefaultRestApi),
            CaFile = Optional(CaCertsSetting.Read(config, Section)),
            InsecureSkipVerify = InsecureSetting.Read(config, Section),
            AuthFile = AuthFileSetting.Read(config, Section),
            DropFailing = TimeSpan.FromSeconds(DropSetting.Read(config, Section)),
            ForgetMissing = TimeSpan.FromSeconds(ForgetSetting.Read(config, Section)),
            DatabaseFile = SqlitePath(DbSetting.Read(config, Section)),
            InfrastructureId = Optional(InfrastructureSetting.Read(config, Section)) is { } id && (!id.StartsWith("http", StringComparison.Ordinal) || HttpUri(id) is not null) ? id : null,
            RequestTimeout = timeout > 0 ? TimeSpan.FromSeconds(timeout) : Timeout.InfiniteTimeSpan,
        };
    }

    private static Uri? HttpUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    private static string? SqlitePath(string value) =>
        value.StartsWith(GeneralOptions.SqlitePrefix, StringComparison.Ordinal) && value.Length > GeneralOptions.SqlitePrefix.Length
            ? value[GeneralOptions.SqlitePrefix.Length..] : null;

    // CLUES' None default: absent, empty and the literal "None" all mean "not set"; so does '' (CLUES' own example file
    // writes IM_VIRTUAL_CLUSTER_REST_SSL_CA_CERTS='').
    private static string? Optional(string value) => value is { Length: > 0 } and not ("None" or "''" or "\"\"") ? value : null;
}
