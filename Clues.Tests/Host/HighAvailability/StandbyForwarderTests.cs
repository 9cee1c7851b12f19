using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Clues.Core.Api.XmlRpc;
using Clues.Core;
using Clues.Core.HighAvailability;
using Clues.Host.Server;
using Clues.Tests.DockerWrapper.Integration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Host.HighAvailability;

/// <summary>
/// Hostile input to a standby's API, which forwards calls to the active one named in the lease: every framing and
/// encoding of a path, headers a client should not be able to pass on, bodies over the limit, slow clients, an
/// active one that is away, slow or answers garbage, and lease rows whose address is not one to forward to. Each
/// test asserts the status and exactly what reached the fake active one (a Kestrel server on loopback).
/// </summary>
[TestFixture]
public sealed class StandbyForwarderTests
{
    private const string Secret = "s3cret";
    private const string ActiveHolder = "host-a:4242:cafe0001";
    private const long MaxBody = 4096;
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("clues-forwarder-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    // What the standby's server decodes a request target to, and what the active one's then sees: the same path, under
    // the address in the lease (here with a path, as behind a reverse proxy), whatever the encoding.
    [TestCase("/api/nodes")]
    [TestCase("/api/nodes/wn1")]
    [TestCase("/api/nodes/wn%2e%2e")]
    [TestCase("/api/nodes/%2e%2e/%2e%2e/x")]
    [TestCase("/api/%2E%2E/%2E%2E/etc/passwd")]
    [TestCase("/api/nodes/a%2fb")]
    [TestCase("/api/nodes/a%2F..%2F..%2Fb")]
    [TestCase("/api/nodes/%252e%252e/%252e%252e/x")]
    [TestCase("/api/nodes/%25252e")]
    [TestCase("/api/nodes/a%252fb")]
    [TestCase("/api/nodes/..%5c..%5cmetrics")]
    [TestCase("/api\\..\\..\\metrics")]
    [TestCase("//evil.example/api/nodes")]
    [TestCase("///evil.example/x")]
    [TestCase("/api/nodes/wn%C3%A9%E2%82%AC")]
    [TestCase("/api/nodes/%F0%9F%92%A5")]
    [TestCase("/api/nodes/%3Fx%3D1%23frag")]
    [TestCase("/api/nodes/a%20b;c=d@e:f")]
    [TestCase("/api/nodes?x=%2e%2e&y=%C3%A9&z=a+b&w=%252f")]
    [TestCase("/api/nodes?next=http://evil.example/&a=//b")]
    [TestCase("/api/requests/1/wait?timeout=0")]
    [CancelAfter(60_000)]
    public async Task Path_ReachesTheActiveOne_DecodedAsItWouldBeThere_UnderTheLeaseAddress(string target, CancellationToken ct)
    {
        await using var active = await FakeActive.StartAsync();
        await using var standby = await Standby.StartAsync(_folder, new Uri(active.Address, "clues/").ToString());
        var direct = await active.SeenForAsync(target, ct);
        active.Clear();

        var (status, head) = await RawAsync(standby.Address, $"GET {target} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {Secret}\r\nConnection: close\r\n\r\n", ct);

        if (direct.Path.StartsWith("/metrics", StringComparison.Ordinal) || direct.Status >= 400)
        {
            // Local on the standby too (its server removed the same dot segments), or refused by both servers alike.
            Assert.That(active.Received, Is.Empty, $"{target} -> {status}");
            Assert.That(status, Is.Not.EqualTo(500));
            return;
        }
        Assert.That(status, Is.EqualTo(200), head);
        Assert.That(head, Does.Contain($"{StandbyForwarder.ActiveHeader}: {ActiveHolder}"));
        var seen = active.Received.Single();
        Assert.That(seen.Path, Is.EqualTo("/clues" + direct.Path), "the active one decodes the same path, under the lease's address");
        Assert.That(seen.Query, Is.EqualTo(direct.Query));
        Assert.That(seen.Host, Is.EqualTo(active.Address.Authority));
    }

    [TestCase("GET http://evil.example/api/nodes HTTP/1.1\r\nHost: evil.example\r\n", "/api/nodes")]
    [TestCase("GET http://evil.example:8080/api/nodes?x=//other.example/ HTTP/1.1\r\nHost: evil.example:8080\r\n", "/api/nodes")]
    [TestCase("POST https://evil.example/RPC2 HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 0\r\n", "/RPC2")]
    [CancelAfter(60_000)]
    public async Task AbsoluteFormTarget_GoesToTheLeaseAddress_NeverToTheHostItNames(string head, string path, CancellationToken ct)
    {
        await using var active = await FakeActive.StartAsync();
        await using var standby = await Standby.StartAsync(_folder, active.Address.ToString());

        var (status, _) = await RawAsync(standby.Address, head + $"Authorization: Bearer {Secret}\r\nConnection: close\r\n\r\n", ct);

        Assert.That(status, Is.EqualTo(200));
        var seen = active.Received.Single();
        Assert.That((seen.Path, seen.Host), Is.EqualTo((path, active.Address.Authority)));
    }

    [TestCase("OPTIONS * HTTP/1.1\r\nHost: x\r\n")]
    [TestCase("CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n")]
    [TestCase("PUT /api/nodes/wn1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n")]
    [TestCase("DELETE /api/requests/1 HTTP/1.1\r\nHost: x\r\n")]
    [TestCase("TRACE /api/nodes HTTP/1.1\r\nHost: x\r\n")]
    [TestCase("GET /api/nodes/%00 HTTP/1.1\r\nHost: x\r\n")]
    [TestCase("GET /api/nodes/\u00e9 HTTP/1.1\r\nHost: x\r\n")]
    [TestCase("GET /api/nodes HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n")]
    [CancelAfter(60_000)]
    public async Task MethodOrTargetOutsideTheApi_IsRefusedAtTheStandby_NothingReachesTheActiveOne(string head, CancellationToken ct)
    {
        await using var active = await FakeActive.StartAsync();
        await using var standby = await Standby.StartAsync(_folder, active.Address.ToString());

        var (status, response) = await RawAsync(standby.Address, head + $"Authorization: Bearer {Secret}\r\nConnection: close\r\n\r\n", ct);

        Assert.That(status, Is.InRange(400, 499), response);
        Assert.That(active.Received, Is.Empty);
    }

    [TestCase(7000)]
    [TestCase(9000)]
    [TestCase(70_000)]
    [CancelAfter(60_000)]
    public async Task VeryLongPathAndQuery_AreForwardedWhole_OrRefusedBeforeForwarding(int length, CancellationToken ct)
    {
        await using var active = await FakeActive.StartAsync();
        await using var standby = await Standby.StartAsync(_folder, active.Address.ToString());
        var path = "/api/nodes/" + new string('n', length / 2);
        var query = "?q=" + string.Concat(Enumerable.Repeat("%C3%A9", length / 12));

        var (status, response) = await RawAsync(standby.Address, $"GET {path}{query} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {Secret}\r\nConnection: close\r\n\r\n", ct);

        if (status == 200)
        {
            var seen = active.Received.Single();
            Assert.That((seen.Path, seen.Query), Is.EqualTo((path, query)));
        }
        else
        {
            Assert.That(status, Is.EqualTo(414).Or.EqualTo(431), response);
            Assert.That(active.Received, Is.Empty);
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task Headers_OnlyTheApisOnesArePassedOn_AndTheAnswerNamesTheLeaseHolder(CancellationToken ct)
    {
        await using var active = await FakeActive.StartAsync();
        active.Answer = context =>
        {
            context.Response.Headers["X-Clues-Active"] = "spoofed-by-the-answer";
            context.Response.Headers.SetCookie = "session=1";
            context.Response.Headers["X-Internal"] = "secret";
            return context.Response.WriteAsync("ok");
        };
        await using var standby = await Standby.StartAsync(_folder, active.Address.ToString());
        var head = string.Join("\r\n",
            "POST /api/requests HTTP/1.1", "Host: evil.example", $"Authorization: Bearer {Secret}", "Accept: application/json",
            "User-Agent: clues-test", "Content-Type: application/json", "Content-Length: 2", "Connection: keep-alive, X-Secret-Hop",
            "Keep-Alive: timeout=5", "X-Secret-Hop: 1", "TE: trailers", "Upgrade: websocket", "Proxy-Authorization: Basic eDp5",
            "Proxy-Connection: keep-alive", "X-Forwarded-For: 10.6.6.6", "X-Forwarded-Host: evil.example", "X-Forwarded-Proto: https",
            "Forwarded: for=10.6.6.6;host=evil.example", "X-Real-IP: 10.6.6.6", "X-Clues-Active: client-claims-to-be-active",
            "Cookie: session=stolen", "", "{}");

        var (status, response) = await RawAsync(standby.Address, head, ct);

        Assert.That(status, Is.EqualTo(200), response);
        var seen = active.Received.Single();
        Assert.That(seen.Headers.Keys.Order(StringComparer.OrdinalIgnoreCase), Is.EqualTo(new[]
        {
            "Accept", "Authorization", "Content-Length", "Content-Type", "Host", "User-Agent", StandbyForwarder.ForwardedByHeader,
        }.Order(StringComparer.OrdinalIgnoreCase)), "hop-by-hop, proxy, forwarding, cookie and the client's X-Clues-Active stay at the standby");
        Assert.That(seen.Headers["Host"], Is.EqualTo(active.Address.Authority));
        Assert.That(seen.Headers["Authorization"], Is.EqualTo($"Bearer {Secret}"));
        Assert.That(seen.Headers[StandbyForwarder.ForwardedByHeader], Is.EqualTo("standby"));
        Assert.That(seen.Body, Is.EqualTo("{}"));
        var headers = response.Split("\r\n\r\n")[0].Split("\r\n").Skip(1).ToList();
        Assert.That(headers, Has.One.EqualTo($"X-Clues-Active: {ActiveHolder}"), "named from the lease, never from the client or the answer");
        Assert.That(response, Does.Not.Contain("client-claims").And.Not.Contain("spoofed").And.Not.Contain("Set-Cookie").And.Not.Contain("X-Internal"));
    }

    [TestCase("/api/requests", "application/json", false)]
    [TestCase("/RPC2", "text/xml", true)]
    [TestCase("/", "text/xml", true)]
    [CancelAfter(60_000)]
    public async Task BodyOverTheLimit_Is413_NothingReachesTheActiveOne(string path, string type, bool xmlRpc, CancellationToken ct)
    {
        await using var active = await FakeActive.StartAsync();
        await using var standby = await Standby.StartAsync(_folder, active.Address.ToString());
        using var http = Client();
        var big = new string('x', (int)MaxBody + 1);

        using var declared = await http.PostAsync(new Uri(standby.Address, path), new StringContent(big, Encoding.UTF8, type), ct);
        var chunkedContent = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunkedContent.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        using var chunkedRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(standby.Address, path)) { Content = chunkedContent };
        chunkedRequest.Headers.TransferEncodingChunked = true;
        HttpResponseMessage? chunked = null;
        try
        {
            chunked = await http.SendAsync(chunkedRequest, ct);
        }
        catch (HttpRequestException)
        {
            // The server answered 413 and closed while the rest of the body was still being sent.
        }
        using var within = await http.PostAsync(new Uri(standby.Address, path), new StringContent(big[..(int)MaxBody], Encoding.UTF8, type), ct);

        foreach (var response in chunked is null ? [declared] : new[] { declared, chunked })
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), body);
            Assert.That(body, Does.Contain($"larger than {MaxBody} bytes"));
            Assert.That(body.Contains("<fault>", StringComparison.Ordinal), Is.EqualTo(xmlRpc));
        }
        chunked?.Dispose();
        Assert.That(within.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(active.Received.Select(r => r.Body), Is.EqualTo(new[] { big[..(int)MaxBody] }), "only the body within the limit, whole");
    }

    [Test, CancelAfter(60_000)]
    public async Task SlowClient_ItsBodyIsForwardedOnlyWhole_AndNotAtAllIfItGivesUp(CancellationToken ct)
    {
        await using var active = await FakeActive.StartAsync();
        await using var standby = await Standby.StartAsync(_folder, active.Address.ToString());
        var endpoint = new IPEndPoint(IPAddress.Loopback, standby.Address.Port);
        const string body = """{"cpu": 1, "memory": 512, "taskCount": 1}""";
        var head = $"POST /api/requests HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {Secret}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";

        using (var quitter = await RawHttpClient.ConnectAsync(endpoint, ct))
        {
            await quitter.SendAsync(head + body[..10], ct);
        }
        using var slow = await RawHttpClient.ConnectAsync(endpoint, ct);
        await slow.SendAsync(head + body[..10], ct);
        await SendMarkerAsync(standby, active, ct);
        Assert.That(active.Received.Select(r => r.Path), Is.EqualTo(new[] { "/api/marker" }), "nothing of the unfinished bodies yet");
        active.Clear();
        await slow.SendAsync(body[10..], ct);
        var response = await slow.ReadResponseAsync(ct);

        Assert.That(response, Does.StartWith("HTTP/1.1 200"));
        Assert.That(active.Received.Select(r => (r.Path, r.Body)), Is.EqualTo(new[] { ("/api/requests", body) }));
    }

    [Test, CancelAfter(60_000)]
    public async Task ActiveUnreachable_Is503WithTheAddress_AsAFaultForXmlRpc(CancellationToken ct)
    {
        var closedPort = FreePort();
        var address = $"http://127.0.0.1:{closedPort}/";
        await using var standby = await Standby.StartAsync(_folder, address);
        using var http = Client();

        using var json = await http.GetAsync(new Uri(standby.Address, "api/nodes"), ct);
        using var xml = await http.PostAsync(new Uri(standby.Address, "RPC2"), XmlRpc("status", Secret, ""), ct);

        Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await json.Content.ReadAsStringAsync(ct), Does.Contain($"{ActiveHolder} at {address}").And.Contain("does not answer"));
        Assert.That(json.Headers.RetryAfter, Is.Not.Null);
        Assert.That(xml.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await xml.Content.ReadAsStringAsync(ct), Does.Contain("<fault>").And.Contain("does not answer"));
    }

    [Test, CancelAfter(60_000)]
    public async Task ActiveSlow_TheAnswerComesThrough_AndACallerThatGivesUpCancelsTheForwardedCall(CancellationToken ct)
    {
        await using var active = await FakeActive.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        active.Answer = async context =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync("late");
        };
        await using var standby = await Standby.StartAsync(_folder, active.Address.ToString());
        using var http = Client();

        var waiting = http.GetStringAsync(new Uri(standby.Address, "api/requests/1/wait?timeout=600"), ct);
        await active.ReceivedAsync(1, ct);
        release.SetResult();
        Assert.That(await waiting, Is.EqualTo("late"));

        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
        active.Answer = async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        };
        var abandoned = http.GetAsync(new Uri(standby.Address, "api/requests/2/wait?timeout=600"), giveUp.Token);
        await active.ReceivedAsync(2, ct);
        await giveUp.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => abandoned);
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
    }

    [TestCase("HTTP/1.1 banana\r\n\r\n")]
    [TestCase("this is not http at all\r\n\r\n")]
    [TestCase("HTTP/1.1 2000 OK\r\n\r\n")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")]
    [TestCase("")]
    [CancelAfter(60_000)]
    public async Task ActiveAnswersGarbage_Is502WithAMessage_NeverPassedOn(string answer, CancellationToken ct)
    {
        using var garbage = new TcpListener(IPAddress.Loopback, 0);
        garbage.Start();
        var port = ((IPEndPoint)garbage.LocalEndpoint).Port;
        var served = AnswerOnceAsync(garbage, answer, ct);
        await using var standby = await Standby.StartAsync(_folder, $"http://127.0.0.1:{port}/");
        using var http = Client();

        using var response = await http.PostAsync(new Uri(standby.Address, "RPC2"), XmlRpc("status", Secret, ""), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        await served;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway).Or.EqualTo(HttpStatusCode.ServiceUnavailable), body);
        Assert.That(body, Does.Contain("<fault>").And.Contain(ActiveHolder));
        Assert.That(body, Does.Not.Contain("banana").And.Not.Contain("not http"));
    }

    [Test, CancelAfter(60_000)]
    public async Task ActiveBreaksOffInTheMiddleOfItsAnswer_TheCallerSeesABrokenAnswer_NotAShortOne(CancellationToken ct)
    {
        using var broken = new TcpListener(IPAddress.Loopback, 0);
        broken.Start();
        var port = ((IPEndPoint)broken.LocalEndpoint).Port;
        var served = AnswerOnceAsync(broken,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{\"name\": \"wn1\"}", ct);
        await using var standby = await Standby.StartAsync(_folder, $"http://127.0.0.1:{port}/");
        using var http = Client();

        Assert.CatchAsync<HttpRequestException>(async () => await http.GetStringAsync(new Uri(standby.Address, "api/nodes"), ct));
        await served;
    }

    // The lease's address decides where calls go: only what HA_ADVERTISE_URL accepts, with this process's own scheme.
    [TestCase("ftp://127.0.0.1:{port}/", "an http:// or https:// URL")]
    [TestCase("file:///etc/passwd", "an http:// or https:// URL")]
    [TestCase("/etc/passwd", "an http:// or https:// URL")]
    [TestCase("127.0.0.1:{port}", "an http:// or https:// URL")]
    [TestCase("not a url", "an http:// or https:// URL")]
    [TestCase("javascript:alert(1)", "an http:// or https:// URL")]
    [TestCase("http://user:password@127.0.0.1:{port}/", "no user name, password, query or fragment")]
    [TestCase("http://127.0.0.1:{port}/?to=evil.example", "no user name, password, query or fragment")]
    [TestCase("http://127.0.0.1:{port}/#x", "no user name, password, query or fragment")]
    [TestCase("https://127.0.0.1:{port}/", "is not http:// as this clues-host's own address")]
    [CancelAfter(60_000)]
    public async Task LeaseAddressNotOneToForwardTo_Is503NamingIt_NothingIsSent(string address, string problem, CancellationToken ct)
    {
        await using var active = await FakeActive.StartAsync();
        await using var standby = await Standby.StartAsync(_folder, address.Replace("{port}", active.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        using var http = Client();

        using var json = await http.GetAsync(new Uri(standby.Address, "api/nodes"), ct);
        using var xml = await http.PostAsync(new Uri(standby.Address, "RPC2"), XmlRpc("status", Secret, ""), ct);

        Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await json.Content.ReadAsStringAsync(ct), Does.Contain("not sent on: the address in the lease").And.Contain(problem));
        Assert.That(xml.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await xml.Content.ReadAsStringAsync(ct), Does.Contain("<fault>").And.Contain(problem));
        Assert.That(active.Received, Is.Empty);
    }

    [Test, CancelAfter(60_000)]
    public async Task LeaseAddressOfTheStandbyItself_TheCallIsNotSentRoundInALoop(CancellationToken ct)
    {
        var port = FreePort();
        await using var standby = await Standby.StartAsync(_folder, $"http://127.0.0.1:{port}/", port);
        using var http = Client();

        using var response = await http.GetAsync(new Uri(standby.Address, "api/nodes"), ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await response.Content.ReadAsStringAsync(ct), Does.Contain("already sent on by another standby"));
    }

    [TestCase("http://user:pw@clues-a:8000/")]
    [TestCase("http://clues-a:8000/?x=1")]
    [TestCase("ftp://clues-a/")]
    public void HaAdvertiseUrl_RefusesWhatAStandbyWouldNotForwardTo(string value)
    {
        var config = new Clues.Core.Config.CluesConfig();
        config.Set("general", "HA_ADVERTISE_URL", value);

        _ = HighAvailabilityOptions.Read(config);

        Assert.That(config.Errors.Select(e => (e.Key, e.Value)), Is.EqualTo(new[] { ("HA_ADVERTISE_URL", (string?)value) }));
    }

    // An "active one" that reads one request's head and writes back whatever the test says, then hangs up.
    private static Task AnswerOnceAsync(TcpListener listener, string answer, CancellationToken ct) => Task.Run(async () =>
    {
        using var client = await listener.AcceptTcpClientAsync(ct);
        var stream = client.GetStream();
        var buffer = new byte[16384];
        var head = new StringBuilder();
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, ct);
            if (n == 0)
            {
                break;
            }
            head.Append(Encoding.Latin1.GetString(buffer, 0, n));
        }
        await stream.WriteAsync(Encoding.Latin1.GetBytes(answer), ct);
    }, ct);

    private static async Task SendMarkerAsync(Standby standby, FakeActive active, CancellationToken ct)
    {
        using var http = Client();
        using var marker = await http.GetAsync(new Uri(standby.Address, "api/marker"), ct);
        Assert.That(marker.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await active.ReceivedAsync(1, ct);
    }

    private static async Task<(int Status, string Response)> RawAsync(Uri server, string request, CancellationToken ct)
    {
        using var client = await RawHttpClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port), ct);
        await client.SendAsync(Encoding.UTF8.GetBytes(request), ct);
        var response = await client.ReadResponseAsync(ct) ?? "";
        var parts = response.Split(' ', 3);
        return (parts.Length > 1 && int.TryParse(parts[1], out var status) ? status : 0, response);
    }

    private static HttpClient Client()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        return http;
    }

    private static StringContent XmlRpc(string method, params object[] parameters) =>
        new(XmlRpcWriter.MethodCall(method, parameters), Encoding.UTF8, "text/xml");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A standby's real API server: its election on a SQLite lease that another process (<see cref="ActiveHolder"/>)
    /// holds with <c>address</c>, a body limit of <see cref="MaxBody"/> bytes, and no daemon.
    /// </summary>
    private sealed class Standby : IAsyncDisposable
    {
        private readonly SqlLeaseStore _store;
        private readonly CluesApiServer _server;

        private Standby(SqlLeaseStore store, CluesApiServer server)
        {
            _store = store;
            _server = server;
        }

        public Uri Address => _server.Addresses[0];

        public static async Task<Standby> StartAsync(string folder, string address, int port = 0)
        {
            var store = SqlLeaseStore.ForSqlite(Path.Combine(folder, "clues.db"), TimeSpan.FromSeconds(5));
            var now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalSeconds;
            Assert.That(store.TryAcquire(ActiveHolder, address, now, 3600), Is.Not.Null);
            var election = new LeaderElection(store, new HighAvailabilityOptions { Enabled = true }, "standby", new Uri("http://standby:8000/"),
                TimeProvider.System, NullLogger<LeaderElection>.Instance);
            election.Tick();
            Assert.That(election.IsActive, Is.False);
            var control = new HighAvailabilityControl(election, new CluesClock(TimeProvider.System));
            var server = new CluesApiServer(new CluesApiServerOptions { Host = "127.0.0.1", Port = port, SecretToken = Secret, MaxRequestBodyBytes = MaxBody },
                control, NullLoggerFactory.Instance, TimeProvider.System);
            await server.StartAsync(CancellationToken.None);
            return new Standby(store, server);
        }

        public async ValueTask DisposeAsync()
        {
            await _server.StopAsync(CancellationToken.None);
            await _server.DisposeAsync();
            _store.Dispose();
        }
    }

    /// <summary>What the fake active one received: the decoded path, the raw query, the headers and the body.</summary>
    private sealed record Seen(string Method, string Path, string Query, string Host, IReadOnlyDictionary<string, string> Headers, string Body, int Status);

    /// <summary>The active one's API as a Kestrel server on loopback that records every request it receives.</summary>
    private sealed class FakeActive : IAsyncDisposable
    {
        private readonly List<Seen> _received = [];
        private readonly Lock _lock = new();
        private WebApplication _app = null!;

        public Uri Address { get; private set; } = null!;

        /// <summary>Answers a recorded request; the default answers 200 "ok".</summary>
        public Func<HttpContext, Task> Answer { get; set; } = context => context.Response.WriteAsync("ok");

        public IReadOnlyList<Seen> Received
        {
            get
            {
                lock (_lock)
                {
                    return _received.ToList();
                }
            }
        }

        public static async Task<FakeActive> StartAsync()
        {
            var active = new FakeActive();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            active._app = builder.Build();
            active._app.Run(active.ReceiveAsync);
            await active._app.StartAsync();
            active.Address = new Uri(active._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
            return active;
        }

        public void Clear()
        {
            lock (_lock)
            {
                _received.Clear();
            }
        }

        /// <summary>Waits until <paramref name="count"/> requests arrived.</summary>
        public async Task ReceivedAsync(int count, CancellationToken ct)
        {
            while (Received.Count < count)
            {
                await Task.Delay(10, ct);
            }
        }

        /// <summary>What this server decodes <paramref name="target"/> to when it is sent here directly (status 0 if it never got to the app).</summary>
        public async Task<Seen> SeenForAsync(string target, CancellationToken ct)
        {
            var before = Received.Count;
            var (status, _) = await RawAsync(Address, $"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", ct);
            return Received.Count > before ? Received[^1] with { Status = status } : new Seen("GET", "", "", "", new Dictionary<string, string>(), "", status);
        }

        private async Task ReceiveAsync(HttpContext context)
        {
            var request = context.Request;
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var seen = new Seen(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", request.Host.Value ?? "",
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body, 0);
            lock (_lock)
            {
                _received.Add(seen);
            }
            await Answer(context);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
