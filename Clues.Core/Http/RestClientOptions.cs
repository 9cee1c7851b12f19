namespace Clues.Core.Http;

/// <summary>
/// How to reach a REST backend (Kubernetes, Nomad, Mesos, the Infrastructure Manager): where it is, how to
/// authenticate and which TLS certificates to trust. Plugins bind it from their own INI keys and hand it to
/// <see cref="RestClientFactory"/>.
/// </summary>
/// <remarks>
/// TLS is verified against the system's trust store by default; <see cref="CaFile"/> replaces the trust store with
/// the backend's own CA (the usual case for a cluster API), and <see cref="InsecureSkipVerify"/> turns verification
/// off altogether (only for tests and labs: anyone on the path can then read the token).
/// </remarks>
public sealed record RestClientOptions
{
    /// <summary>The server's base URL (<c>http</c> or <c>https</c>); request paths are resolved against it.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>A bearer token sent as <c>Authorization: Bearer &lt;token&gt;</c>, or null.</summary>
    public string? BearerToken { get; init; }

    /// <summary>
    /// A file holding the bearer token (such as a Kubernetes service-account token), read again before every
    /// request so rotated tokens are picked up; used when <see cref="BearerToken"/> is null.
    /// </summary>
    public string? BearerTokenFile { get; init; }

    /// <summary>
    /// Headers sent with every request, such as Nomad's <c>X-Nomad-Token</c> or a backend's own; empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The user for HTTP basic authentication (with <see cref="Password"/>), used when no token is set.</summary>
    public string? UserName { get; init; }

    /// <summary>The password for HTTP basic authentication.</summary>
    public string? Password { get; init; }

    /// <summary>A PEM file with the CA certificate(s) the server's certificate must chain to, instead of the system store.</summary>
    public string? CaFile { get; init; }

    /// <summary>A PEM client certificate for mutual TLS (with <see cref="ClientKeyFile"/>).</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>The PEM private key of <see cref="ClientCertificateFile"/>; null when the certificate file holds it too.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>Accept any server certificate. Off by default.</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>The limit of one request, headers and body; the caller's token can end it sooner.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The limit of connecting to the server.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
