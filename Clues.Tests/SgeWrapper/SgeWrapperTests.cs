using System.Net;
using System.Net.Sockets;
using Clues.Core.Api.XmlRpc;
using Clues.Plugins.Sge;
using Clues.SgeWrapper;
using Clues.Tests.Common;
using Clues.Tests.Plugins.Sge;
using NUnit.Framework;

namespace Clues.Tests.SgeWrapper;

/// <summary>The wrapper's announcement: CLUES' <c>request_create</c> with the job's resources, and every job accepted
/// whatever CLUES does.</summary>
[TestFixture]
public sealed class SgeWrapperTests
{
    private const string Job = "START\nPARAM CLIENT qsub\nPARAM pe_name smp\nPARAM pe_min 2\nPARAM pe_max 2\nPARAM l_hard h_vmem=1G\nPARAM q_hard all.q@sgelab2\nBEGIN\n";

    private static async Task<string> ConverseAsync(SgeWrapperOptions options, HttpMessageHandler handler, ScriptedSgeCommands qconf, string input)
    {
        using var output = new StringWriter();
        var exit = await new Clues.SgeWrapper.SgeWrapper(options, handler, new Factory(qconf)).RunAsync(new StringReader(input), output, CancellationToken.None);
        Assert.That(exit, Is.Zero);
        return output.ToString();
    }

    private static ScriptedSgeCommands Qconf() => new ScriptedSgeCommands().On("/usr/bin/qconf -sp smp", "pe_name smp\nallocation_rule $pe_slots\n");

    [Test]
    public async Task TheAnnouncement_IsRequestCreateWithTheJobsResources()
    {
        var handler = new RecordingHandler();
        var options = new SgeWrapperOptions { Endpoint = new Uri("http://127.0.0.1:1/RPC2"), Secret = "s3cret" };

        var output = await ConverseAsync(options, handler, Qconf(), Job);

        Assert.That(output, Is.EqualTo("STARTED\nRESULT STATE ACCEPT\n"));
        Assert.That(handler.Calls.Single().MethodName, Is.EqualTo("request_create"));
        Assert.That(handler.Calls.Single().Parameters,
            Is.EqualTo(new object[] { "s3cret", 2d, 2d * (1L << 30), 1L, 1L, "((\"all.q\" in queues) && hostname == \"sgelab2\")" }));
    }

    [Test]
    public async Task AHeldJob_IsAcceptedWithoutAnnouncement()
    {
        var handler = new RecordingHandler();
        var options = new SgeWrapperOptions { Endpoint = new Uri("http://127.0.0.1:1/RPC2") };

        var output = await ConverseAsync(options, handler, Qconf(), "START\nPARAM h u\nBEGIN\n");

        Assert.That(output, Is.EqualTo("STARTED\nRESULT STATE ACCEPT\n"));
        Assert.That(handler.Calls, Is.Empty);
    }

    [Test]
    public async Task CluesDown_TheJobIsAcceptedAndTheFailureLogged()
    {
        var port = LoopbackPort.Free(); // nothing listens there
        using var handler = new SocketsHttpHandler();
        var options = new SgeWrapperOptions { Endpoint = new Uri($"http://127.0.0.1:{port}/RPC2") };

        var output = await ConverseAsync(options, handler, Qconf(), Job);

        Assert.That(output, Does.StartWith("STARTED\nLOG WARNING ").And.EndWith("\nRESULT STATE ACCEPT\n"));
        Assert.That(output, Does.Contain($"could not announce the job to CLUES at http://127.0.0.1:{port}/RPC2"));
    }

    [Test, CancelAfter(30_000)]
    public async Task CluesHanging_DelaysTheAnswerOnlyByTheAnnounceTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (the backlog) and never answers
        using var handler = new SocketsHttpHandler();
        var options = new SgeWrapperOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/RPC2"),
            AnnounceTimeout = TimeSpan.FromSeconds(1),
        };

        var output = await ConverseAsync(options, handler, Qconf(), Job);

        Assert.That(output, Does.Contain("did not answer within 1 s; the job is accepted").And.EndWith("RESULT STATE ACCEPT\n"));
    }

    [Test]
    public async Task QconfFailing_TheJobIsAcceptedAndTheFailureLogged()
    {
        var handler = new RecordingHandler();
        var options = new SgeWrapperOptions { Endpoint = new Uri("http://127.0.0.1:1/RPC2") };
        var qconf = new ScriptedSgeCommands().Fails("/usr/bin/qconf -sp smp", "exited with code 1; stderr: error: unable to contact qmaster");

        var output = await ConverseAsync(options, handler, qconf, Job);

        Assert.That(output, Does.Contain("unable to contact qmaster").And.EndWith("RESULT STATE ACCEPT\n"));
        Assert.That(handler.Calls, Is.Empty);
    }

    [Test]
    public async Task CluesRefusingTheSecret_IsLoggedAndTheJobAccepted()
    {
        var handler = new RecordingHandler(new object[] { false, "Error checking the secret key. Please check the configuration file and the CLUES_SECRET_TOKEN setting" });
        var options = new SgeWrapperOptions { Endpoint = new Uri("http://127.0.0.1:1/RPC2") };

        var output = await ConverseAsync(options, handler, Qconf(), Job);

        Assert.That(output, Does.Contain("CLUES refused the request: Error checking the secret key").And.EndWith("RESULT STATE ACCEPT\n"));
    }

    [Test]
    public void Options_ReadTheClientTheWrapperAndTheSgeSections()
    {
        var config = new Clues.Core.Config.CluesConfig();
        config.Set("client", "CLUES_XMLRPC", "http://clues:8000/RPC2");
        config.Set("client", "CLUES_SECRET_TOKEN", "t");
        config.Set("SGE_WRAPPER", "ANNOUNCE_TIMEOUT", "2");
        config.Set("SGE", "SGE_QCONF_COMMAND", "/opt/sge/bin/qconf");
        config.Set("SGE", "SGE_DEFAULT_QUEUE", "batch.q");

        var options = SgeWrapperOptions.Bind(config);

        Assert.That((options.Endpoint, options.Secret, options.AnnounceTimeout), Is.EqualTo((new Uri("http://clues:8000/RPC2"), "t", TimeSpan.FromSeconds(2))));
        Assert.That((options.Sge.QconfCommand, options.Sge.DefaultQueue), Is.EqualTo(("/opt/sge/bin/qconf", "batch.q")));
        Assert.That(config.Errors, Is.Empty);
    }

    private sealed class Factory(ScriptedSgeCommands commands) : ISgeCommandsFactory
    {
        public ISgeCommands Create(SgeLrmsOptions options) => commands;
    }

    private sealed class RecordingHandler(object[]? answer = null) : HttpMessageHandler
    {
        public List<XmlRpcMethodCall> Calls { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls.Add(XmlRpcReader.ParseMethodCall(await request.Content!.ReadAsStreamAsync(cancellationToken)));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(XmlRpcWriter.MethodResponse(answer ?? new object[] { true, 7 })) };
        }
    }
}
