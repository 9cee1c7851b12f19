using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clues.Core.Power.CommandLine;
using Clues.DockerWrapper.Configuration;

namespace Clues.DockerWrapper.Proxy;

/// <summary>
/// The socket docker clients connect to. A unix socket (the default) gets the engine socket's owner, group and
/// mode unless configured, so the wrapper hands the engine to nobody the engine itself would refuse. A TCP socket
/// speaks TLS and admits only clients whose certificate chains to the configured CA, as dockerd's
/// <c>--tlsverify</c>; plain TCP only when the operator asked for it (<see cref="WrapperOptions.InsecureTcp"/>).
/// </summary>
internal sealed class ClientListener : IDisposable
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly string? _unixPath;
    private readonly SslServerAuthenticationOptions? _tls;

    private ClientListener(Socket socket, string? unixPath, SslServerAuthenticationOptions? tls)
    {
        _socket = socket;
        _unixPath = unixPath;
        _tls = tls;
    }

    /// <summary>The bound address (port 0 resolved).</summary>
    public EndPoint LocalEndPoint => _socket.LocalEndPoint!;

    /// <summary>True when connections speak TLS.</summary>
    public bool IsTls => _tls is not null;

    /// <summary>Binds the configured address and applies its access rules.</summary>
    /// <exception cref="InvalidOperationException">The socket's owner or mode could not be set, or the engine socket read.</exception>
    public static async Task<ClientListener> BindAsync(WrapperOptions options, ShellCommandRunner commands, CancellationToken ct)
    {
        var listen = options.Listen;
        if (listen.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = listen["unix://".Length..];
            var access = await ResolveAccessAsync(options, commands, ct);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Delete(path);
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                // Created with the umask's mode (no write for others, so nobody else can connect yet), then narrowed.
                unix.Bind(new UnixDomainSocketEndPoint(path));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, access.Mode!.Value);
                }
                await RunAsync(commands, $"chown -- {Quote(access.Owner + ":" + access.Group)} {Quote(path)}", ct);
                unix.Listen(512);
                return new ClientListener(unix, path, null);
            }
            catch
            {
                unix.Dispose();
                File.Delete(path);
                throw;
            }
        }
        var endpoint = IPEndPoint.Parse(listen.StartsWith("tcp://", StringComparison.Ordinal) ? listen[6..] : listen);
        var tls = options.ListenTls is { } config ? ServerTls(config) : null;
        var tcp = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        tcp.Bind(endpoint);
        tcp.Listen(512);
        return new ClientListener(tcp, null, tls);
    }

    public ValueTask<Socket> AcceptAsync(CancellationToken ct) => _socket.AcceptAsync(ct);

    /// <summary>The stream of an accepted connection: plain, or TLS after a handshake that demands a trusted client certificate.</summary>
    /// <exception cref="AuthenticationException">The client has no certificate or one the CA did not sign.</exception>
    public async Task<Stream> OpenStreamAsync(Socket socket, CancellationToken ct)
    {
        var network = new NetworkStream(socket, ownsSocket: false);
        if (_tls is null)
        {
            return network;
        }
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(_tls, ct);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (_unixPath is not null)
        {
            File.Delete(_unixPath);
        }
    }

    private static SslServerAuthenticationOptions ServerTls(ListenTls config)
    {
        var certificate = X509Certificate2.CreateFromPemFile(config.Certificate, config.Key);
        // Ephemeral PEM keys cannot be used by SslStream on every platform; a PKCS#12 round trip makes the key usable.
        certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        var trust = new X509Certificate2Collection();
        trust.ImportFromPemFile(config.CaCertificate);
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(trust);
        policy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2")); // clientAuth
        return new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            ClientCertificateRequired = true,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateChainPolicy = policy,
            // With a chain policy the platform validates against the CA alone; any error, a missing certificate included, refuses.
            RemoteCertificateValidationCallback = (_, cert, _, errors) => cert is not null && errors == SslPolicyErrors.None,
        };
    }

    /// <summary>The configured access, with unset parts read from the engine's socket.</summary>
    private static async Task<SocketAccess> ResolveAccessAsync(WrapperOptions options, ShellCommandRunner commands, CancellationToken ct)
    {
        var access = options.ListenAccess;
        if (access is { Owner: not null, Group: not null, Mode: not null })
        {
            return access;
        }
        if (options.Upstream.UnixPath is not { } engineSocket)
        {
            throw new InvalidOperationException(
                "the engine is reached over TCP, so the wrapper's socket cannot copy its access: set LISTEN_OWNER, LISTEN_GROUP and LISTEN_MODE");
        }
        var stat = (await RunAsync(commands, $"stat -L -c '%u %g %a' -- {Quote(engineSocket)}", ct)).Split(' ');
        return new SocketAccess(
            access.Owner ?? stat[0],
            access.Group ?? stat[1],
            access.Mode ?? (UnixFileMode)Convert.ToInt32(stat[2], 8));
    }

    private static async Task<string> RunAsync(ShellCommandRunner commands, string commandLine, CancellationToken ct)
    {
        var result = await commands.RunAsync(commandLine, s_commandTimeout, ct);
        if (!result.Success)
        {
            throw new InvalidOperationException(result.DescribeFailure());
        }
        return result.StandardOutput.Trim();
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
