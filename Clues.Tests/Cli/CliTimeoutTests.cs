using System.Net;
using System.Net.Sockets;
using System.Text;
using Clues.Cli;
using Clues.Cli.Config;
using Clues.Core.Api.XmlRpc;
using Clues.Core.Config;
using Clues.Tests.Common;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Cli;

/// <summary>
/// A server that accepts connections and never answers: the CLI gives up after <c>CLUES_CALL_TIMEOUT</c> with a
/// message that says so, instead of waiting for ever; <c>req_wait</c> waits its own timeout plus that margin.
/// </summary>
[TestFixture]
public sealed class CliTimeoutTests
{
    /// <summary>Accepts every connection and keeps it open without reading or writing a byte.</summary>
    private sealed class SilentListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _held = [];
        private readonly CancellationTokenSource _stop = new();

        public SilentListener()
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    lock (_held)
                    {
                        _held.Add(socket);
                    }
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_held)
            {
                _held.ForEach(s => s.Dispose());
            }
            _stop.Dispose();
        }
    }

    [Test, CancelAfter(120_000)]
    public async Task CliProcess_SilentServer_GivesUpAfterTheCallTimeoutAndSaysSo(CancellationToken ct)
    {
        using var server = new SilentListener();
        var folder = Directory.CreateTempSubdirectory("clues-cli-timeout-").FullName;
        var config = Path.Combine(folder, "clues2.cfg");
        File.WriteAllText(config, $"""
            [client]
            CLUES_XMLRPC=http://127.0.0.1:{server.Port}/RPC2
            CLUES_SECRET_TOKEN=s3cret
            CLUES_CALL_TIMEOUT=2
            LOG_FILE={folder}/cli.log
            """);
        var (code, stdout, stderr) = await DotnetProgram.RunAsync("clues.dll", folder, ct, "--config", config, "status");

        Assert.That(code, Is.EqualTo(CluesCli.ExitUnreachable));
        Assert.That(stdout, Does.Contain($"Could not connect to CLUES server http://127.0.0.1:{server.Port}/RPC2"));
        Assert.That(stderr, Does.Contain("did not answer version within 2 s").And.Contain("CLUES_CALL_TIMEOUT"));
    }

    /// <summary>Answers <c>version</c> at once and holds <c>request_wait</c> until the caller gives up.</summary>
    private sealed class WaitHoldingHandler : HttpMessageHandler
    {
        public TaskCompletionSource WaitArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = XmlRpcReader.ParseMethodCall(await request.Content!.ReadAsStreamAsync(cancellationToken));
            if (call.MethodName == "request_wait")
            {
                WaitArrived.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(XmlRpcWriter.MethodResponse(CluesMessages.Version), Encoding.UTF8, "text/xml"),
            };
        }
    }

    /// <summary>The CLI with a 30 s call timeout, its clock and its HTTP handler given.</summary>
    private static CluesCli Cli(TimeProvider time, HttpMessageHandler handler, TextWriter stderr)
    {
        var loader = new Mock<IClientConfigLoader>();
        loader.Setup(l => l.Load(It.IsAny<string?>())).Returns(new ClientOptions
        {
            XmlRpcUrl = "http://127.0.0.1:8000/RPC2",
            SecretToken = "s3cret",
            CallTimeout = 30,
            LogFile = "/nonexistent-dir/clues2-cli.log",
        });
        return new CluesCli(loader.Object, new StringWriter(), stderr, time, handler);
    }

    [Test, CancelAfter(30_000)]
    public async Task ReqWait_SilentServer_WaitsItsTimeoutPlusTheCallTimeout()
    {
        var time = new FakeTimeProvider();
        var handler = new WaitHoldingHandler();
        var stderr = new StringWriter();
        var run = Cli(time, handler, stderr).RunAsync(["req_wait", "7", "100"], CancellationToken.None);
        await handler.WaitArrived.Task;

        time.Advance(TimeSpan.FromSeconds(129));
        await Task.Delay(50);
        Assert.That(run.IsCompleted, Is.False, "req_wait's own 100 s plus the 30 s margin have not passed yet");

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(await run, Is.EqualTo(CluesCli.ExitUnreachable));
        Assert.That(stderr.ToString(), Does.Contain("did not answer request_wait within 130 s"));
    }

    [Test, CancelAfter(30_000)]
    public async Task ReqWait_NoTimeout_WaitsUntilTheRequestLeavesTheQueue()
    {
        var time = new FakeTimeProvider();
        var handler = new WaitHoldingHandler();
        using var stop = new CancellationTokenSource();
        var run = Cli(time, handler, new StringWriter()).RunAsync(["req_wait", "7"], stop.Token);
        await handler.WaitArrived.Task;

        time.Advance(TimeSpan.FromDays(1));
        await Task.Delay(50);

        Assert.That(run.IsCompleted, Is.False, "req_wait without a timeout waits as long as the request is queued (CLUES' behaviour)");
        await stop.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(async () => await run);
    }
}
