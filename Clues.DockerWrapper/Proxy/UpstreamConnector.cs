using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Clues.DockerWrapper.Configuration;
using Clues.DockerWrapper.Proxy.Http11;

namespace Clues.DockerWrapper.Proxy;

/// <summary>Opens connections to the upstream engine: unix socket, TCP, or TCP with TLS.</summary>
/// <remarks>
/// FIX (spec §1.2): the thesis' wrapper did not verify the server certificate; here the server must chain to
/// <c>ca.pem</c> of DOCKER_CERT_PATH, and <c>cert.pem</c>/<c>key.pem</c> are presented as the client certificate.
/// </remarks>
internal sealed class UpstreamConnector
{
    private readonly UpstreamEndpoint _endpoint;
    private readonly X509Certificate2Collection? _clientCertificates;
    private readonly X509Certificate2? _ca;

    public UpstreamConnector(UpstreamEndpoint endpoint)
    {
        _endpoint = endpoint;
        if (endpoint.Tls)
        {
            var dir = endpoint.CertPath ?? throw new ArgumentException("TLS needs DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem)");
            _ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(dir, "ca.pem"));
            using var pem = X509Certificate2.CreateFromPemFile(Path.Combine(dir, "cert.pem"), Path.Combine(dir, "key.pem"));
            // SslStream on Linux needs a key it can use for the handshake: round-trip through PKCS#12.
            _clientCertificates = [X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)];
        }
    }

    public UpstreamEndpoint Endpoint => _endpoint;

    /// <summary>Connects; throws <see cref="SocketException"/>, <see cref="IOException"/> or an authentication error.</summary>
    public async Task<HttpConnection> ConnectAsync(CancellationToken ct)
    {
        Socket socket;
        if (_endpoint.UnixPath is not null)
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(_endpoint.UnixPath), ct);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            return new HttpConnection(socket, new NetworkStream(socket, ownsSocket: false));
        }

        socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_endpoint.Host, _endpoint.Port, ct);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (_endpoint.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = _endpoint.Host,
                    ClientCertificates = _clientCertificates,
                    RemoteCertificateValidationCallback = ValidateServer,
                }, ct);
                stream = ssl;
            }
            return new HttpConnection(socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || _ca is null)
        {
            return false;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_ca);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        if (!custom.Build(leaf))
        {
            return false;
        }
        // The chain was checked against ca.pem above; the host name must still match (as the docker CLI requires).
        return (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == 0;
    }
}
