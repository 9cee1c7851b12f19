using System.Net;
using System.Net.Sockets;
using System.Text;
using Clues.Core.Api.XmlRpc;
using Clues.PbsWrapper;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.PbsWrapper;

/// <summary>
/// The submit filter in the process (announcement recorded) and as a real process (<c>dotnet clues-pbs-wrapper.dll</c>)
/// with CLUES down or silent, and hostile scripts: the script must always come out unchanged, with exit code 0.
/// </summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PbsSubmitFilterTests
{
    private const string Script = "#!/bin/bash\n#PBS -q batch\n#PBS -l nodes=2:ppn=4,mem=2gb\nhostname\n";

    private string _work = "";

    [SetUp]
    public void SetUp()
    {
        _work = Path.Combine(Path.GetTempPath(), "clues-pbs-wrapper-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_work);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_work, recursive: true);

    [Test]
    public async Task TheAnnouncement_IsRequestCreateWithTheJobsResources_AndTheScriptPassesUnchanged()
    {
        var handler = new RecordingHandler();
        using var output = new MemoryStream();
        using var error = new StringWriter();

        var exit = await Filter(handler, error).RunAsync(["-l", "walltime=1:00:00", "job.sh"], Input(Script), output, CancellationToken.None);

        Assert.That(exit, Is.Zero, error.ToString());
        Assert.That(error.ToString(), Is.Empty);
        Assert.That(Encoding.UTF8.GetString(output.ToArray()), Is.EqualTo(Script));
        Assert.That(handler.Call!.MethodName, Is.EqualTo("request_create"));
        Assert.That(handler.Call.Parameters, Is.EqualTo(new object[] { "s3cret", 4.0, 1024.0 * 1024 * 1024, 2L, 2L, "(\"batch\" in queues) && ppn>=4" }));
    }

    [Test]
    public async Task CluesRefusesTheSecret_ReportedOnStandardError_ExitZero()
    {
        var handler = new RecordingHandler(new object[] { false, "Error checking the secret key. Please check the configuration file and the CLUES_SECRET_TOKEN setting" });
        using var output = new MemoryStream();
        using var error = new StringWriter();

        var exit = await Filter(handler, error).RunAsync([], Input(Script), output, CancellationToken.None);

        Assert.That(exit, Is.Zero);
        Assert.That(error.ToString(), Does.Contain("CLUES refused the request: Error checking the secret key"));
        Assert.That(output.ToArray(), Is.EqualTo(Encoding.UTF8.GetBytes(Script)));
    }

    private static IEnumerable<TestCaseData> HostileScripts()
    {
        yield return new TestCaseData(Encoding.UTF8.GetBytes("#PBS -l nodes=a\"||true||\"b\nrm -rf /\n")).SetName("Hostile_InjectedRequirement");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("#PBS -l nodes=999999999999:ppn=99999999999\n")).SetName("Hostile_HugeCounts");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("#PBS -t 1-2147483647\n#PBS -l mem=1e308pb\n")).SetName("Hostile_HugeArrayAndMemory");
        yield return new TestCaseData(new byte[] { 0x23, 0x50, 0x42, 0x53, 0x20, 0x2d, 0x6c, 0xff, 0xfe, 0x00, 0x0a, 0x00, 0x01 }).SetName("Hostile_BinaryBytes");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("#PBS -l nodes=" + new string('+', 200_000))).SetName("Hostile_LongLineWithoutNewline");
        yield return new TestCaseData(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("#PBS -l nodes=1\r\n", 200_000)))).SetName("Hostile_ManyDirectivesBeyondTheReadLimit");
        yield return new TestCaseData(Array.Empty<byte>()).SetName("Hostile_EmptyScript");
    }

    [TestCaseSource(nameof(HostileScripts))]
    public async Task HostileScript_PassesUnchanged_ExitZero(byte[] script)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();

        var exit = await Filter(new RecordingHandler(), error).RunAsync([], new MemoryStream(script), output, CancellationToken.None);

        Assert.That(exit, Is.Zero, error.ToString());
        Assert.That(output.ToArray(), Is.EqualTo(script));
    }

    [Test]
    public async Task RealProcess_CluesDown_ScriptUnchanged_ExitZero_ReasonOnStandardError()
    {
        var port = LoopbackPort.Free(); // nothing listens there

        var run = await RunAsync(port, ["-N", "my job"], Script);

        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(run.Stdout, Is.EqualTo(Script), "only the script reaches qsub");
        Assert.That(run.Stderr, Does.Contain($"could not announce the job to CLUES at http://127.0.0.1:{port}/RPC2"));
    }

    [Test]
    public async Task RealProcess_CluesSilent_DelaysOnlyByTheAnnounceTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (the backlog) and never answers
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var run = await RunAsync(port, [], Script, announceTimeout: "1");

        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(run.Stdout, Is.EqualTo(Script));
        Assert.That(run.Stderr, Does.Contain("did not answer within 1 s; the job is submitted anyway"));
    }

    private static PbsSubmitFilter Filter(HttpMessageHandler handler, TextWriter error) =>
        new(new PbsWrapperOptions { Endpoint = new Uri("http://127.0.0.1:1/RPC2"), Secret = "s3cret" }, handler, error);

    private static MemoryStream Input(string script) => new(Encoding.UTF8.GetBytes(script));

    private sealed class RecordingHandler(object? answer = null) : HttpMessageHandler
    {
        public XmlRpcMethodCall? Call { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Call = XmlRpcReader.ParseMethodCall(await request.Content!.ReadAsStreamAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(XmlRpcWriter.MethodResponse(answer ?? new object[] { true, 7 })) };
        }
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr);

    private async Task<Run> RunAsync(int port, string[] arguments, string stdin, string announceTimeout = "5")
    {
        var config = Path.Combine(_work, "clues2.cfg");
        File.WriteAllText(config, $"""
            [client]
            CLUES_XMLRPC=http://127.0.0.1:{port}/RPC2
            CLUES_SECRET_TOKEN=secret
            LOG_FILE=

            [PBS_WRAPPER]
            ANNOUNCE_TIMEOUT={announceTimeout}
            """);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (code, stdout, stderr) = await DotnetProgram.RunAsync("clues-pbs-wrapper.dll", _work, stdin,
            new Dictionary<string, string> { ["CLUES_PBS_WRAPPER_CONFIG"] = config }, bound.Token, arguments);
        return new Run(code, stdout, stderr);
    }
}
