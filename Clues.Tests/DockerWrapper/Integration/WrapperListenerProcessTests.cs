using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using CliWrap.Buffered;
using Clues.Tests.Common;
using Clues.Tests.Integration.Lab;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Integration;

/// <summary>
/// The real wrapper process in front of a real dockerd, with the real docker CLI: who may connect (unix socket
/// access, TLS client certificates, plain TCP refused), and hostile clients (a 300 MB chunked create, an encoded
/// create path, slow heads, too many connections). Memory and latency figures are printed for the record.
/// </summary>
[TestFixture]
[Category("Docker")]
[NonParallelizable]
public sealed class WrapperListenerProcessTests
{
    private const string Image = "local/busybox:latest";
    private PlainDockerd _engine = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        TestEnvironment.RequireRoot();
        TestEnvironment.RequireProgram("dockerd");
        TestEnvironment.RequireProgram("docker");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _engine = await PlainDockerd.StartAsync(cts.Token);
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
    }

    [Test, CancelAfter(180_000)]
    public async Task ChunkedCreate300MB_Refused_MemoryStaysBoundedAndNothingReachesTheEngine(CancellationToken ct)
    {
        await using var wrapper = await StartOnSocketAsync();
        var before = wrapper.MemoryBytes();

        // At the limit (4 MiB, a large label) the create is a job; its cost is the reference.
        var label = new string('l', 4 * 1024 * 1024 - 200);
        var atLimit = "{\"Image\":\"" + Image + "\",\"Cmd\":[\"true\"],\"Labels\":{\"big\":\"" + label + "\"}}";
        using (var client = await RawHttpClient.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath(wrapper)), ct))
        {
            await client.SendAsync($"POST /v1.41/containers/create HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{atLimit.Length:x}\r\n{atLimit}\r\n0\r\n\r\n", ct);
            Assert.That(await client.ReadResponseAsync(ct), Does.StartWith("HTTP/1.1 201 "));
        }
        var afterLimitBody = wrapper.MemoryBytes("VmHWM");

        using (var client = await RawHttpClient.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath(wrapper)), ct))
        {
            await client.SendAsync("POST /v1.41/containers/create HTTP/1.1\r\nHost: docker\r\nTransfer-Encoding: chunked\r\n\r\n", ct);
            var chunk = Encoding.ASCII.GetBytes("100000\r\n" + new string('a', 0x100000) + "\r\n");
            var response = client.ReadResponseAsync(ct);
            var sent = 0L;
            for (; sent < 300L * 1024 * 1024 && !response.IsCompleted; sent += chunk.Length)
            {
                try
                {
                    await client.SendAsync(chunk, ct);
                }
                catch (SocketException)
                {
                    break;
                }
            }
            Assert.That(await response, Does.StartWith("HTTP/1.1 400 ").And.Contain("body larger than 4194304 bytes"));
            TestContext.Progress.WriteLine($"300 MB chunked create: refused after {sent / (1024 * 1024)} MiB sent");
        }
        var peak = wrapper.MemoryBytes("VmHWM");

        TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrapper RSS: start {before / 1048576.0:0.0} MiB, peak after a 4 MiB create {afterLimitBody / 1048576.0:0.0} MiB, peak after the 300 MB chunked body {peak / 1048576.0:0.0} MiB"));
        Assert.That(peak - before, Is.LessThan(200L * 1024 * 1024), "the refused body was not kept");
        Assert.That(new FileInfo(wrapper.LogPath.Replace(".log", "", StringComparison.Ordinal)).Length, Is.LessThan(64L * 1024 * 1024), "nor stored");
        Assert.That(await _engine.Cli.OutputAsync(ct, "ps", "-a", "-q"), Is.Empty);
    }

    [Test, CancelAfter(60_000)]
    public async Task EncodedCreatePath_IsAJob_TheEngineCreatesNothing(CancellationToken ct)
    {
        await using var wrapper = await StartOnSocketAsync();
        var body = $$"""{"Image":"{{Image}}","Cmd":["true"]}""";
        using var client = await RawHttpClient.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath(wrapper)), ct);

        await client.SendAsync($"POST /v1.41/containers/%63reate HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}", ct);
        var response = await client.ReadResponseAsync(ct) ?? "";

        Assert.That(response, Does.StartWith("HTTP/1.1 201 "));
        var id = System.Text.Json.Nodes.JsonNode.Parse(response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..])!["Id"]!.GetValue<string>();
        Assert.That(await wrapper.Cli.OutputAsync(ct, "inspect", "--format", "{{.Config.Image}}", id), Is.EqualTo(Image + "\n"), "the wrapper knows the job");
        Assert.That(await _engine.Cli.OutputAsync(ct, "ps", "-a", "-q"), Is.Empty, "the engine created no container");
    }

    [Test, CancelAfter(60_000)]
    public async Task UnixSocket_EngineSocketsAccess_NobodyRefusedRootServed(CancellationToken ct)
    {
        TestEnvironment.RequireProgram("setpriv");
        await using var wrapper = await StartOnSocketAsync();
        var path = SocketPath(wrapper);

        Assert.That(await StatAsync(path, ct), Is.EqualTo(await StatAsync(_engine.Socket, ct)), "owner, group and mode of the engine's socket");
        Assert.That(await wrapper.Cli.OutputAsync(ct, "version", "--format", "{{.Server.Version}}"), Is.Not.Empty);
        var asNobody = await CliWrap.Cli.Wrap("setpriv")
            .WithArguments(["--reuid=65534", "--regid=65534", "--clear-groups", "docker", "-H", wrapper.DockerHost, "version", "--format", "{{.Server.Version}}"])
            .WithEnvironmentVariables(wrapper.Cli.Environment()).WithValidation(CliWrap.CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        Assert.That(asNobody.ExitCode, Is.Not.Zero);
        Assert.That(asNobody.StandardError, Does.Contain("permission denied"));
    }

    [Test, CancelAfter(60_000)]
    public async Task PlainTcp_RefusedAtStartUp_UnlessInsecureTcpWhichWarns(CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("clues-wrapper-tcp-").FullName;
        var port = LoopbackPort.Free();

        var (exitCode, error) = await WrapperProcess.RunToExitAsync(
            ["--listen", $"127.0.0.1:{port}", "--upstream", "unix://" + _engine.Socket, "--db", Path.Combine(dir, "jobs.db")], Path.Combine(dir, "refused.log"), ct);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("LISTEN").And.Contain("--tlsverify --tlscacert --tlscert --tlskey").And.Contain("--insecure-tcp"));
        await using var insecure = await WrapperProcess.StartAsync("unix://" + _engine.Socket, Path.Combine(dir, "insecure.db"), port);
        Assert.That(await insecure.Cli.OutputAsync(ct, "version", "--format", "{{.Server.Version}}"), Is.Not.Empty);
        Assert.That(await File.ReadAllTextAsync(insecure.LogPath, ct), Does.Contain("plain TCP (INSECURE_TCP)"));
    }

    [Test, CancelAfter(120_000)]
    public async Task TlsTcp_ClientCertificateSignedByTheCa_Required(CancellationToken ct)
    {
        TestEnvironment.RequireProgram("openssl");
        var certs = Directory.CreateTempSubdirectory("clues-wrapper-listen-tls-").FullName;
        await TlsUpstreamTests.MakeCertificatesAsync(certs, ct);
        var other = Directory.CreateTempSubdirectory("clues-wrapper-listen-tls-other-").FullName;
        await TlsUpstreamTests.MakeCertificatesAsync(other, ct);
        var port = LoopbackPort.Free();
        await using var wrapper = await WrapperProcess.StartTlsAsync(Path.Combine(certs, "jobs.db"), port,
        [
            "--listen", $"127.0.0.1:{port}", "--tlsverify", "--tlscacert", Path.Combine(certs, "ca.pem"),
            "--tlscert", Path.Combine(certs, "server-cert.pem"), "--tlskey", Path.Combine(certs, "server-key.pem"),
            "--upstream", "unix://" + _engine.Socket, "--mode", "container",
        ]);
        var cli = new DockerCli($"tcp://localhost:{port}");
        string[] Tls(string dir) =>
            ["--tlsverify", "--tlscacert", Path.Combine(certs, "ca.pem"), "--tlscert", Path.Combine(dir, "cert.pem"), "--tlskey", Path.Combine(dir, "key.pem")];

        var trusted = await cli.RunAsync(ct, [.. Tls(certs), "version", "--format", "{{.Server.Version}}"]);
        var noCertificate = await cli.RunAsync(ct, "--tls", "--tlscacert", Path.Combine(certs, "ca.pem"), "version", "--format", "{{.Server.Version}}");
        var otherCa = await cli.RunAsync(ct, [.. Tls(other), "version", "--format", "{{.Server.Version}}"]);

        Assert.That(trusted.ExitCode, Is.Zero, trusted.StandardError);
        Assert.That(trusted.StandardOutput, Is.EqualTo(await _engine.Cli.OutputAsync(ct, "version", "--format", "{{.Server.Version}}")));
        // The CLI prints an empty line for the missing server part: no server version came through.
        Assert.That(noCertificate.StandardOutput.Trim(), Is.Empty, "no client certificate: " + noCertificate.StandardError);
        Assert.That(otherCa.StandardOutput.Trim(), Is.Empty, "a client certificate from another CA: " + otherCa.StandardError);
        Assert.That(await File.ReadAllTextAsync(wrapper.LogPath, ct), Does.Contain("TLS handshake with"));
    }

    [Test, CancelAfter(180_000)]
    public async Task SlowLoris200_ClosedAfterTheHeaderTimeout_WhileTheCliIsServed(CancellationToken ct)
    {
        await using var wrapper = await StartOnSocketAsync("HEADER_TIMEOUT = 5\nMAX_CONNECTIONS = 400\n");
        var endpoint = new UnixDomainSocketEndPoint(SocketPath(wrapper));
        var slow = new List<RawHttpClient>();
        var quiet = await CliLatenciesAsync(wrapper, ct);
        try
        {
            var opened = Stopwatch.StartNew();
            for (var i = 0; i < 200; i++)
            {
                var client = await RawHttpClient.ConnectAsync(endpoint, ct);
                slow.Add(client);
                await client.SendAsync("GET /v1.41/version HTTP/1.1\r\nHost: docker\r\nX-Slow: ", ct);
            }
            var latencies = await CliLatenciesAsync(wrapper, ct);

            var closed = await Task.WhenAll(slow.Select(c => c.IsClosedByServerAsync(ct)));
            var heldFor = opened.Elapsed;

            Assert.That(closed, Is.All.True);
            using var http = wrapper.CreateHttpClient();
            var metrics = await http.GetStringAsync("metrics", ct);
            Assert.That(metrics, Does.Contain("docker_wrapper_header_timeouts_total 200\n"));
            TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"slow loris: 200 connections held, all closed {heldFor.TotalSeconds:0.0} s after the first opened (HEADER_TIMEOUT 5 s); docker version meanwhile: {Format(latencies)} ms, without them: {Format(quiet)} ms"));
        }
        finally
        {
            slow.ForEach(c => c.Dispose());
        }
    }

    [Test, CancelAfter(120_000)]
    public async Task ConnectionCap_CliRefusedWhileFull_EstablishedServed_ThenCliServedAgain(CancellationToken ct)
    {
        await using var wrapper = await StartOnSocketAsync("MAX_CONNECTIONS = 20\n");
        var endpoint = new UnixDomainSocketEndPoint(SocketPath(wrapper));
        var held = new List<RawHttpClient>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var client = await RawHttpClient.ConnectAsync(endpoint, ct);
                held.Add(client);
                await client.SendAsync("GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n", ct);
                Assert.That(await client.ReadResponseAsync(ct), Does.StartWith("HTTP/1.1 200 "));
            }

            var refused = await wrapper.Cli.RunAsync(ct, "version", "--format", "{{.Server.Version}}");
            Assert.That(refused.StandardOutput.Trim(), Is.Empty, "no server version while full: " + refused.StandardError);
            await held[5].SendAsync("GET /v1.41/version HTTP/1.1\r\nHost: docker\r\n\r\n", ct);
            Assert.That(await held[5].ReadResponseAsync(ct), Does.StartWith("HTTP/1.1 200 "), "an established connection is still served");
            await held[6].SendAsync("GET /metrics HTTP/1.1\r\nHost: docker\r\n\r\n", ct);
            Assert.That(await held[6].ReadResponseAsync(ct), Does.Contain("docker_wrapper_connections_active 20\n")
                .And.Not.Contain("docker_wrapper_connections_refused_total 0\n"), "the CLI's connections were refused at the cap");

            held.ForEach(c => c.Dispose());
            await E2E.Until.TrueAsync("the CLI served again", TimeSpan.FromSeconds(30),
                async () => (await wrapper.Cli.RunAsync(ct, "version")).ExitCode == 0, ct);
        }
        finally
        {
            held.ForEach(c => c.Dispose());
        }
    }

    /// <summary>The wrapper on a unix socket of its own with the engine socket's access, plus <paramref name="settings"/>.</summary>
    private async Task<WrapperProcess> StartOnSocketAsync(string settings = "")
    {
        var dir = Directory.CreateTempSubdirectory("clues-wrapper-sock-").FullName;
        var config = Path.Combine(dir, "clues2.cfg");
        await File.WriteAllTextAsync(config, "[DOCKER_WRAPPER]\n" + settings);
        var socket = Path.Combine(dir, "run", "docker-wrapper.sock");
        return await WrapperProcess.StartAsync(Path.Combine(dir, "jobs.db"), "unix://" + socket,
            ["--config", config, "--listen", "unix://" + socket, "--upstream", "unix://" + _engine.Socket, "--mode", "container"]);
    }

    /// <summary>Five <c>docker version</c> calls through the wrapper, each timed, each required to succeed.</summary>
    private static async Task<List<double>> CliLatenciesAsync(WrapperProcess wrapper, CancellationToken ct)
    {
        var latencies = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            Assert.That(await wrapper.Cli.OutputAsync(ct, "version", "--format", "{{.Server.Version}}"), Is.Not.Empty);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }
        return latencies;
    }

    private static string Format(IEnumerable<double> milliseconds) =>
        string.Join(", ", milliseconds.Select(l => l.ToString("0", CultureInfo.InvariantCulture)));

    private static string SocketPath(WrapperProcess wrapper) => wrapper.DockerHost["unix://".Length..];

    private static async Task<string> StatAsync(string path, CancellationToken ct) =>
        (await CliWrap.Cli.Wrap("stat").WithArguments(["-c", "%U:%G %a", path]).ExecuteBufferedAsync(ct)).StandardOutput.Trim();
}
