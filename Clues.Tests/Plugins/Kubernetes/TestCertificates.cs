using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Clues.Tests.Plugins.Kubernetes;

/// <summary>
/// A throw-away CA, a server certificate it signed for localhost and a client certificate it signed for mutual TLS,
/// as a cluster's own CA does.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 ca, X509Certificate2 server, string directory)
    {
        Ca = ca;
        Server = server;
        Directory = directory;
        CaFile = Path.Combine(directory, "ca.crt");
        File.WriteAllText(CaFile, ca.ExportCertificatePem());
        ClientCertificateFile = Path.Combine(directory, "client.crt");
        ClientKeyFile = Path.Combine(directory, "client.key");
        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientRequest = new CertificateRequest("CN=clues", clientKey, HashAlgorithmName.SHA256);
        clientRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        clientRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        using var client = clientRequest.Create(ca, now.AddDays(-1), now.AddDays(29), [5, 6, 7, 8]);
        File.WriteAllText(ClientCertificateFile, client.ExportCertificatePem());
        File.WriteAllText(ClientKeyFile, clientKey.ExportPkcs8PrivateKeyPem());
    }

    public X509Certificate2 Ca { get; }

    /// <summary>The server certificate with its key, for Kestrel.</summary>
    public X509Certificate2 Server { get; }

    public string Directory { get; }

    /// <summary>The CA certificate as a PEM file.</summary>
    public string CaFile { get; }

    /// <summary>A client certificate the CA signed (PEM), for mutual TLS.</summary>
    public string ClientCertificateFile { get; }

    /// <summary>The key of <see cref="ClientCertificateFile"/> (PEM).</summary>
    public string ClientKeyFile { get; }

    /// <summary>
    /// Whether <paramref name="certificate"/> is a client certificate this CA signed: what a server requiring client
    /// certificates checks (Kestrel's own check would use the machine's trust store).
    /// </summary>
    public bool SignedClient(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }

    public static TestCertificates Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), "clues-k8s-certs-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=test-cluster-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=kube-apiserver", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(ca, now.AddDays(-1), now.AddDays(29), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(serverKey);
        // Kestrel wants a key it can use from a store-less certificate: round-trip through PKCS#12.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new TestCertificates(ca, server, directory);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
