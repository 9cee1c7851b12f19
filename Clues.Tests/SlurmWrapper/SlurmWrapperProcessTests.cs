using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Clues.Core.Api.XmlRpc;
using Clues.SlurmWrapper;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.SlurmWrapper;

/// <summary>
/// The wrapper as a real process (<c>dotnet clues-slurm-wrapper.dll</c>) in front of a fake sbatch script that
/// records what it got, with CLUES down or hanging: the job must be submitted anyway, unchanged.
/// </summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class SlurmWrapperProcessTests
{
    private string _work = "";

    [SetUp]
    public void SetUp()
    {
        TestEnvironment.RequireProgram("bash");
        _work = Path.Combine(Path.GetTempPath(), "clues-slurm-wrapper-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_work);
        // Records its arguments (one per line) and its standard input, answers like sbatch, exits with $FAKE_EXIT.
        File.WriteAllText(Path.Combine(_work, "sbatch"), """
            #!/bin/bash
            dir=$(dirname "$0")
            printf '%s\n' "$@" > "$dir/args"
            cat > "$dir/stdin"
            echo "Submitted batch job 42"
            echo "sbatch: a warning" >&2
            exit "${FAKE_EXIT:-0}"
            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(Path.Combine(_work, "sbatch"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_work, recursive: true);

    [Test]
    public async Task With_CLUES_down_the_job_is_still_submitted_and_sbatch_answers_for_itself()
    {
        var port = LoopbackPort.Free(); // nothing listens there
        var script = "#!/bin/bash\n#SBATCH -c 2\nhostname\n";

        var run = await RunAsync(port, ["-J", "my job", "--parsable"], script, fakeExit: 3);

        Assert.That(run.ExitCode, Is.EqualTo(3), "sbatch's exit code passes through");
        Assert.That(run.Stdout, Is.EqualTo("Submitted batch job 42\n"));
        Assert.That(run.Stderr, Does.Contain("sbatch: a warning"));
        Assert.That(run.Stderr, Does.Contain($"could not announce the job to CLUES at http://127.0.0.1:{port}/RPC2"));
        Assert.That(File.ReadAllLines(Path.Combine(_work, "args")), Is.EqualTo(new[] { "-J", "my job", "--parsable" }));
        Assert.That(File.ReadAllText(Path.Combine(_work, "stdin")), Is.EqualTo(script), "the script read for its directives reaches sbatch whole");
    }

    [Test]
    public async Task A_CLUES_that_does_not_answer_delays_the_submission_only_by_the_announce_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (the backlog) and never answers
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var run = await RunAsync(port, ["--wrap", "sleep 1"], stdin: "", fakeExit: 0, announceTimeout: "1");

        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(run.Stdout, Is.EqualTo("Submitted batch job 42\n"));
        Assert.That(run.Stderr, Does.Contain("did not answer within 1 s; submitting anyway"));
        Assert.That(File.ReadAllLines(Path.Combine(_work, "args")), Is.EqualTo(new[] { "--wrap", "sleep 1" }));
    }

    [Test]
    public async Task A_missing_real_sbatch_is_reported_with_the_key_to_fix()
    {
        File.Delete(Path.Combine(_work, "sbatch"));

        var run = await RunAsync(LoopbackPort.Free(), ["--wrap", "true"], stdin: "", fakeExit: 0);

        Assert.That(run.ExitCode, Is.EqualTo(RealSbatch.NotStarted));
        Assert.That(run.Stderr, Does.Contain("cannot run the real sbatch").And.Contain("[SLURM_WRAPPER] SBATCH"));
    }

    [Test]
    public async Task The_announcement_is_CLUES_request_create_with_the_jobs_resources()
    {
        var handler = new RecordingHandler();
        var options = new SlurmWrapperOptions
        {
            Endpoint = new Uri("http://127.0.0.1:1/RPC2"),
            Secret = "s3cret",
            Sbatch = Path.Combine(_work, "sbatch"),
        };
        using var error = new StringWriter();

        var exit = await new Clues.SlurmWrapper.SlurmWrapper(options, handler, error)
            .RunAsync(["-c", "2", "--mem=1G", "-N", "2-3", "-p", "debug", "--wrap", "hostname"], Stream.Null, CancellationToken.None);

        Assert.That(exit, Is.Zero, error.ToString());
        Assert.That(error.ToString(), Is.Empty);
        Assert.That(handler.Call, Is.Not.Null);
        Assert.That(handler.Call!.MethodName, Is.EqualTo("request_create"));
        Assert.That(handler.Call.Parameters, Is.EqualTo(new object[] { "s3cret", 2L, (double)(1L << 30), 2L, 2L, "\"debug\" in queues" }));
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public XmlRpcMethodCall? Call { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Call = XmlRpcReader.ParseMethodCall(await request.Content!.ReadAsStreamAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(XmlRpcWriter.MethodResponse(new object[] { true, 7 })) };
        }
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr);

    private async Task<Run> RunAsync(int port, string[] arguments, string stdin, int fakeExit, string announceTimeout = "5")
    {
        var config = Path.Combine(_work, "clues2.cfg");
        File.WriteAllText(config, $"""
            [client]
            CLUES_XMLRPC=http://127.0.0.1:{port}/RPC2
            CLUES_SECRET_TOKEN=secret
            LOG_FILE=

            [SLURM_WRAPPER]
            SBATCH={Path.Combine(_work, "sbatch")}
            ANNOUNCE_TIMEOUT={announceTimeout}
            """);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _work,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "clues-slurm-wrapper.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["CLUES_SLURM_WRAPPER_CONFIG"] = config;
        start.Environment["FAKE_EXIT"] = fakeExit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("clues-slurm-wrapper did not exit within 60 s:\n" + await stderr);
        }
        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
