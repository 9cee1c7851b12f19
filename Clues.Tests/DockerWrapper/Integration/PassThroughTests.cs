using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Clues.DockerWrapper.Configuration;
using Clues.Tests.Common;
using Clues.Tests.Integration.Lab;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Integration;

/// <summary>
/// The real docker CLI through the wrapper against one real dockerd: every command that is not a job
/// submission must behave as it does against the engine directly, streams and hijacked connections included.
/// </summary>
[TestFixture]
[Category("Docker")]
[NonParallelizable]
public sealed class PassThroughTests
{
    private const string Image = "local/busybox:latest";
    private PlainDockerd _engine = null!;
    private WrapperUnderTest _wrapper = null!;
    private DockerCli _direct = null!;
    private DockerCli _through = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        TestEnvironment.RequireRoot();
        TestEnvironment.RequireProgram("dockerd");
        TestEnvironment.RequireProgram("docker");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _engine = await PlainDockerd.StartAsync(cts.Token);
        _wrapper = await WrapperUnderTest.StartAsync("unix://" + _engine.Socket, DispatchMode.Auto);
        _direct = _engine.Cli;
        _through = _wrapper.Cli;
        await _direct.OutputAsync(cts.Token, "run", "-d", "--name", "target", Image, "sleep", "600");
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        if (_wrapper is not null)
        {
            await _wrapper.DisposeAsync();
        }
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
    }

    [Test, CancelAfter(30_000)]
    public async Task Version_ThroughWrapper_SameServerAndApiVersionAsDirect(CancellationToken ct)
    {
        const string format = "{{.Server.Version}} {{.Server.APIVersion}} {{.Client.APIVersion}}";
        Assert.That(await _through.OutputAsync(ct, "version", "--format", format),
            Is.EqualTo(await _direct.OutputAsync(ct, "version", "--format", format)));
    }

    [Test, CancelAfter(30_000)]
    public async Task PsAndImages_ThroughWrapper_SameAsDirect(CancellationToken ct)
    {
        // No CREATED column: "About a minute ago" may turn over between the two calls. Images created in the same
        // second come in no fixed order from the engine itself, so the lines are compared as sets.
        const string images = "{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}";
        static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
        Assert.That(Lines(await _through.OutputAsync(ct, "images", "--format", images)),
            Is.EqualTo(Lines(await _direct.OutputAsync(ct, "images", "--format", images))));
        var direct = await _direct.OutputAsync(ct, "ps", "--format", "{{.ID}} {{.Names}} {{.Image}}");
        Assert.That(await _through.OutputAsync(ct, "ps", "--format", "{{.ID}} {{.Names}} {{.Image}}"), Is.EqualTo(direct));
        Assert.That(direct, Does.Contain("target"));
    }

    [Test, CancelAfter(60_000)]
    public async Task Import_ThroughWrapper_CreatesTheImage(CancellationToken ct)
    {
        var tar = Path.Combine(_engine.Directory, "busybox.tar");
        await _through.OutputAsync(ct, "import", tar, "local/imported:through");
        Assert.That(await _direct.OutputAsync(ct, "images", "-q", "local/imported:through"), Is.Not.Empty);
    }

    [Test, CancelAfter(30_000)]
    public async Task ExecInteractiveTty_ThroughWrapper_SameOutputAsDirect(CancellationToken ct)
    {
        TestEnvironment.RequireProgram("script");
        var direct = await CaptureScriptAsync(_direct, ct);
        var through = await CaptureScriptAsync(_through, ct);
        Assert.That(through, Does.Contain("tty-42"));
        Assert.That(through, Does.Contain("/dev/pts/"));
        // "^@" is the local terminal echoing a NUL that script(1) feeds once its stdin ends; whether the CLI has
        // restored cooked mode by then is a matter of timing, not of the bytes the stream carried.
        // The pty number depends on how many exec sessions the container had open at that moment (another test's
        // exec may still be closing), so it is not compared.
        static string Normal(string output) => System.Text.RegularExpressions.Regex.Replace(output.Replace("^@", ""), @"/dev/pts/\d+", "/dev/pts/N");
        Assert.That(Normal(through), Is.EqualTo(Normal(direct)));
    }

    [Test, CancelAfter(30_000)]
    public async Task ExecWithPipedStdin_ThroughWrapper_SeesEofAndReturnsOutput(CancellationToken ct)
    {
        var input = string.Join("\n", Enumerable.Range(1, 1000)) + "\n";
        var through = await _through.RunWithInputAsync(input, ct, "exec", "-i", "target", "sh", "-c", "wc -l; echo after-eof");
        var direct = await _direct.RunWithInputAsync(input, ct, "exec", "-i", "target", "sh", "-c", "wc -l; echo after-eof");
        Assert.That(through.ExitCode, Is.Zero, through.StandardError);
        Assert.That(through.StandardOutput, Is.EqualTo(direct.StandardOutput));
        Assert.That(through.StandardOutput, Does.Contain("1000").And.Contain("after-eof"));
    }

    [Test, CancelAfter(30_000)]
    public async Task ExecExitCode_ThroughWrapper_IsPassedBack(CancellationToken ct)
    {
        var result = await _through.RunAsync(ct, "exec", "target", "sh", "-c", "echo out; echo err >&2; exit 7");
        Assert.That(result.ExitCode, Is.EqualTo(7));
        Assert.That(result.StandardOutput, Is.EqualTo("out\n"));
        Assert.That(result.StandardError, Is.EqualTo("err\n"));
    }

    [Test, CancelAfter(30_000)]
    public async Task Cp_BothWaysThroughWrapper_RoundTripsTheFile(CancellationToken ct)
    {
        var source = Path.Combine(_engine.Directory, "cp-in.bin");
        var data = new byte[3 * 1024 * 1024 + 17];
        new Random(4).NextBytes(data);
        await File.WriteAllBytesAsync(source, data, ct);
        await _through.OutputAsync(ct, "cp", source, "target:/tmp/cp-in.bin");
        var back = Path.Combine(_engine.Directory, "cp-back.bin");
        await _through.OutputAsync(ct, "cp", "target:/tmp/cp-in.bin", back);
        Assert.That(await File.ReadAllBytesAsync(back, ct), Is.EqualTo(data));
    }

    [Test, CancelAfter(60_000)]
    public async Task LogsFollow_ThroughWrapper_StreamsUntilTheContainerExits(CancellationToken ct)
    {
        var id = (await _direct.OutputAsync(ct, "run", "-d", Image, "sh", "-c", "for i in 1 2 3 4 5; do echo line$i; sleep 0.3; done")).Trim();
        var through = await _through.RunAsync(ct, "logs", "-f", id);
        var direct = await _direct.RunAsync(ct, "logs", "-f", id);
        Assert.That(through.ExitCode, Is.Zero, through.StandardError);
        Assert.That(through.StandardOutput, Is.EqualTo("line1\nline2\nline3\nline4\nline5\n"));
        Assert.That(through.StandardOutput, Is.EqualTo(direct.StandardOutput));
    }

    [Test, CancelAfter(30_000)]
    public async Task EventsUntil_ThroughWrapper_SameAsDirect(CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var through = await _through.OutputAsync(ct, "events", "--since", "0", "--until", until, "--format", "{{.Type}} {{.Action}} {{.Actor.ID}}");
        var direct = await _direct.OutputAsync(ct, "events", "--since", "0", "--until", until, "--format", "{{.Type}} {{.Action}} {{.Actor.ID}}");
        Assert.That(through, Is.EqualTo(direct));
        Assert.That(through, Does.Contain("container start"));
    }

    [Test, CancelAfter(120_000)]
    public async Task Build_OneLineDockerfile_ThroughWrapper_ProducesAnImage(CancellationToken ct)
    {
        var context = Directory.CreateDirectory(Path.Combine(_engine.Directory, "build-ctx")).FullName;
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), $"FROM {Image}\n", ct);
        var result = await _through.RunAsync(ct, "build", "-q", "-t", "local/built:through", context);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(await _direct.OutputAsync(ct, "images", "-q", "local/built:through"), Is.Not.Empty);
    }

    [Test, CancelAfter(60_000)]
    public async Task RunAttached_ContainerMode_OutputAndExitCodeComeBack(CancellationToken ct)
    {
        var result = await _through.RunAsync(ct, "run", "--rm", Image, "sh", "-c", "echo job-out; echo job-err >&2; exit 5");
        Assert.That(result.ExitCode, Is.EqualTo(5));
        Assert.That(result.StandardOutput, Is.EqualTo("job-out\n"));
        Assert.That(result.StandardError, Is.EqualTo("job-err\n"));
    }

    [Test, CancelAfter(60_000)]
    public async Task UnixSocketListener_DockerHostPointedAtIt_PassesThroughAndRunsJobs(CancellationToken ct)
    {
        var socket = Path.Combine(Directory.CreateTempSubdirectory("clues-wrapper-sock-").FullName, "docker-wrapper.sock");
        await using var wrapper = await WrapperUnderTest.StartAsync("unix://" + _engine.Socket, DispatchMode.Auto, listen: "unix://" + socket);
        Assert.That(wrapper.DockerHost, Is.EqualTo("unix://" + socket));

        const string format = "{{.Server.Version}} {{.Server.APIVersion}}";
        Assert.That(await wrapper.Cli.OutputAsync(ct, "version", "--format", format),
            Is.EqualTo(await _direct.OutputAsync(ct, "version", "--format", format)));
        var result = await wrapper.Cli.RunAsync(ct, "run", "--rm", Image, "sh", "-c", "echo via-socket; exit 3");
        Assert.That((result.ExitCode, result.StandardOutput), Is.EqualTo((3, "via-socket\n")));
        var exec = await wrapper.Cli.RunAsync(ct, "exec", "target", "sh", "-c", "echo exec-via-socket");
        Assert.That(exec.StandardOutput, Is.EqualTo("exec-via-socket\n"));
    }

    [Test, CancelAfter(60_000)]
    public async Task RunDetached_ContainerMode_JobIdIsAddressable(CancellationToken ct)
    {
        var id = (await _through.OutputAsync(ct, "run", "-d", Image, "sh", "-c", "echo detached-out")).Trim();
        Assert.That(id, Does.Match("^[0-9a-f]{64}$"));
        var exit = await _through.OutputAsync(ct, "wait", id);
        Assert.That(exit.Trim(), Is.EqualTo("0"));
        Assert.That(await _through.OutputAsync(ct, "logs", id), Is.EqualTo("detached-out\n"));
        using var http = new HttpClient { BaseAddress = _wrapper.BaseAddress };
        var jobs = JsonNode.Parse(await http.GetStringAsync("jobs/list", ct))!.AsArray();
        var job = jobs.Single(j => j!["Id"]!.GetValue<string>() == id)!;
        Assert.That(job["Status"]!.GetValue<string>(), Is.EqualTo("finished"));
        Assert.That(job["State"]!.GetValue<string>(), Is.EqualTo("finished"));
        Assert.That(job["ExitCode"]!.GetValue<int>(), Is.Zero);
    }

    [Test, CancelAfter(30_000)]
    public async Task Create_MalformedJson_Answers400WithDockerStyleMessage(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = _wrapper.BaseAddress };
        using var response = await http.PostAsync("v1.41/containers/create", new StringContent("{\"Image\": ", Encoding.UTF8, "application/json"), ct);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["message"]!.GetValue<string>();
        Assert.That(message, Does.StartWith("invalid JSON"));
        var cli = await _through.RunAsync(ct, "wait", new string('e', 64));
        Assert.That(cli.ExitCode, Is.Not.Zero);
        Assert.That(cli.StandardError, Does.Contain("No such container"));
    }

    [Test, CancelAfter(30_000)]
    public async Task UnknownJobId_Inspect_Answers404(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = _wrapper.BaseAddress };
        using var response = await http.GetAsync($"v1.41/containers/{new string('a', 64)}/json", ct);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["message"], Is.Not.Null);
    }

    [Test, CancelAfter(60_000)]
    public async Task UpstreamDown_PassThroughAnswers502_AndJobsAreKept(CancellationToken ct)
    {
        var missing = Path.Combine(_engine.Directory, "no-such.sock");
        await using var wrapper = await WrapperUnderTest.StartAsync("unix://" + missing, DispatchMode.Container);
        using var http = new HttpClient { BaseAddress = wrapper.BaseAddress };
        using var ping = await http.GetAsync("_ping", ct);
        Assert.That(ping.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(JsonNode.Parse(await ping.Content.ReadAsStringAsync(ct))!["message"]!.GetValue<string>(), Does.Contain("cannot reach the Docker engine"));

        using var created = await http.PostAsync("v1.41/containers/create", new StringContent($"{{\"Image\":\"{Image}\",\"Cmd\":[\"true\"]}}", Encoding.UTF8, "application/json"), ct);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync(ct))!["Id"]!.GetValue<string>();
        using var started = await http.PostAsync($"v1.41/containers/{id}/start", null, ct);
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await Task.Delay(1500, ct);
        Assert.That(await http.GetStringAsync("jobs/num", ct), Is.EqualTo("1"));
        var job = JsonNode.Parse(await http.GetStringAsync("jobs/list", ct))!.AsArray().Single()!;
        Assert.That(job["Status"]!.GetValue<string>(), Is.EqualTo("pending"));
        Assert.That(job["State"]!.GetValue<string>(), Is.AnyOf("queued", "dispatching", "dispatched"));
    }

    private static async Task<string> CaptureScriptAsync(DockerCli cli, CancellationToken ct)
    {
        var result = await CliWrap.Buffered.BufferedCommandExtensions.ExecuteBufferedAsync(
            CliWrap.Cli.Wrap("script")
                .WithArguments(["-qec", "docker exec -it target sh -c 'echo tty-$((6*7)); tty'", "/dev/null"])
                .WithEnvironmentVariables(cli.Environment())
                .WithValidation(CliWrap.CommandResultValidation.None), ct);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        return result.StandardOutput;
    }
}
