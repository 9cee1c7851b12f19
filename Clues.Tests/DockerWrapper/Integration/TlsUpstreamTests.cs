using Clues.DockerWrapper.Configuration;
using Clues.DockerWrapper.Dispatch;
using Clues.Tests.Common;
using Clues.Tests.Integration.Lab;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Integration;

/// <summary>
/// The wrapper in front of an engine that only speaks TLS with client certificates (a remote Swarm manager set up by
/// docker-machine): certificates made here with openssl, a real dockerd with <c>--tlsverify</c>, the real docker CLI
/// talking plain HTTP to the wrapper. The engine must chain to the configured <c>ca.pem</c> and match the host name.
/// </summary>
[TestFixture]
[Category("Docker")]
[NonParallelizable]
public sealed class TlsUpstreamTests
{
    private const string Image = "local/busybox:latest";
    private PlainDockerd _engine = null!;
    private string _certs = null!;
    private string _otherCa = null!;
    private int _port;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        TestEnvironment.RequireRoot();
        TestEnvironment.RequireProgram("dockerd");
        TestEnvironment.RequireProgram("docker");
        TestEnvironment.RequireProgram("openssl");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _certs = Directory.CreateTempSubdirectory("clues-tls-").FullName;
        await MakeCertificatesAsync(_certs, cts.Token);
        _otherCa = Directory.CreateTempSubdirectory("clues-tls-other-").FullName;
        await MakeCertificatesAsync(_otherCa, cts.Token);
        _port = LoopbackPort.Free();
        _engine = await PlainDockerd.StartAsync(cts.Token,
            "--host", $"tcp://127.0.0.1:{_port}", "--tlsverify", "--tlscacert", Path.Combine(_certs, "ca.pem"),
            "--tlscert", Path.Combine(_certs, "server-cert.pem"), "--tlskey", Path.Combine(_certs, "server-key.pem"));
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task TlsEngine_RightCertificates_VersionAndAttachedRunPassThrough(CancellationToken ct)
    {
        await using var wrapper = await WrapperUnderTest.StartAsync(
            UpstreamEndpoint.Parse($"tcp://localhost:{_port}", tls: true, _certs), DispatchMode.Container);

        const string format = "{{.Server.Version}} {{.Server.APIVersion}}";
        Assert.That(await wrapper.Cli.OutputAsync(ct, "version", "--format", format),
            Is.EqualTo(await _engine.Cli.OutputAsync(ct, "version", "--format", format)));
        var result = await wrapper.Cli.RunAsync(ct, "run", "--rm", Image, "sh", "-c", "echo over-tls; exit 6");
        Assert.That((result.ExitCode, result.StandardOutput), Is.EqualTo((6, "over-tls\n")));
    }

    // Another CA: the engine's certificate does not chain to it (nor is ours accepted by the engine).
    [TestCase("localhost", true, TestName = "TlsEngine_CaThatDidNotSignIt_RefusedWithAClearError")]
    // The certificate names only localhost: 127.0.0.1 reaches the same engine under a name it does not carry.
    [TestCase("127.0.0.1", false, TestName = "TlsEngine_AddressNotInItsCertificate_RefusedWithAClearError")]
    [CancelAfter(60_000)]
    public async Task TlsEngine_NotTrusted_RefusedWithAClearError(string host, bool otherCa, CancellationToken ct)
    {
        await using var wrapper = await WrapperUnderTest.StartAsync(
            UpstreamEndpoint.Parse($"tcp://{host}:{_port}", tls: true, otherCa ? _otherCa : _certs), DispatchMode.Container);

        var result = await wrapper.Cli.RunAsync(ct, "version", "--format", "{{.Server.Version}}");

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardError, Does.Contain($"cannot reach the Docker engine at tcp+tls://{host}:{_port}"));
    }

    /// <summary>A CA, a server certificate for localhost and a client certificate, in docker-machine's layout.</summary>
    internal static async Task MakeCertificatesAsync(string dir, CancellationToken ct)
    {
        const string script = """
            set -e
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 2 -subj /CN=clues-test-ca
            openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj /CN=localhost
            printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' > server.ext
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile server.ext -out server-cert.pem
            openssl req -newkey rsa:2048 -nodes -keyout key.pem -out client.csr -subj /CN=docker-wrapper
            printf 'extendedKeyUsage=clientAuth\n' > client.ext
            openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile client.ext -out cert.pem
            """;
        await CliWrap.Cli.Wrap("sh").WithArguments(["-c", script]).WithWorkingDirectory(dir).ExecuteAsync(ct);
    }
}
