using CliWrap;
using CliWrap.Buffered;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Integration.Lab;

/// <summary>
/// A real Swarm (manager + workers, one dockerd each in its own network namespace) built by
/// <c>lab/swarm-lab.sh</c>. Use one per fixture:
/// <code>
/// private readonly SwarmLab _lab = new(workers: 2);
/// [OneTimeSetUp] public Task SetUp() => _lab.UpAsync();
/// [OneTimeTearDown] public Task TearDown() => _lab.DownAsync();
/// </code>
/// Each instance gets its own state folder and /24 (from <paramref name="subnetPrefix"/>), so fixtures in
/// different test runs do not collide. Requires root, dockerd and busybox (reported via <see cref="TestEnvironment"/>).
/// </summary>
/// <param name="workers">Number of workers (worker-01 … worker-NN).</param>
/// <param name="subnetPrefix">The lab's first three octets, one of <see cref="LabSubnets"/>: labs may stay up, so each fixture has its own.</param>
public sealed class SwarmLab(int workers, string subnetPrefix)
{
    private static readonly TimeSpan s_upTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The lab script.</summary>
    public static string Script => Path.Combine(TestEnvironment.RepositoryRoot, "lab", "swarm-lab.sh");

    /// <summary>The lab's state folder (<c>LAB_DIR</c>).</summary>
    public string LabDirectory { get; } = Path.Combine(Path.GetTempPath(), "clues-lab-" + subnetPrefix.Replace('.', '-'));

    /// <summary>The manager's unix socket.</summary>
    public string ManagerSocket => Path.Combine(LabDirectory, "manager", "docker.sock");

    /// <summary>A CLI talking to the manager directly.</summary>
    public DockerCli Manager => new("unix://" + ManagerSocket);

    /// <summary>The worker names (hostnames and Swarm node names).</summary>
    public IReadOnlyList<string> Workers { get; } = Enumerable.Range(1, workers).Select(i => $"worker-{i:00}").ToArray();

    /// <summary>Builds the lab (tearing down a leftover one first); inconclusive/failing when prerequisites are missing.</summary>
    public async Task UpAsync()
    {
        TestEnvironment.RequireRoot();
        TestEnvironment.RequireProgram("dockerd");
        TestEnvironment.RequireProgram("busybox");
        await RunScriptAsync(TimeSpan.FromMinutes(1), "down");
        var result = await RunScriptAsync(s_upTimeout, "up", workers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (result.ExitCode != 0)
        {
            await RunScriptAsync(TimeSpan.FromMinutes(1), "down");
            Assert.Fail($"swarm-lab.sh up {workers} failed ({result.ExitCode}): {result.StandardError}");
        }
    }

    /// <summary>Tears the lab down (safe to call after a failed or partial <see cref="UpAsync"/>).</summary>
    public Task DownAsync() => RunScriptAsync(TimeSpan.FromMinutes(2), "down");

    /// <summary>Powers a worker off: stops its dockerd and waits until it has exited.</summary>
    public Task StopNodeAsync(string worker) => RunCheckedAsync("node-stop", worker);

    /// <summary>Powers a worker on again (same data-root; it rejoins the Swarm).</summary>
    public Task StartNodeAsync(string worker) => RunCheckedAsync("node-start", worker);

    /// <summary><c>Running</c>, <c>Stopping</c> (a stop was begun and its dockerd has not exited yet) or <c>Stopped</c>.</summary>
    public async Task<string> NodeStatusAsync(string worker) => (await RunCheckedAsync("node-status", worker)).Trim();

    private async Task<string> RunCheckedAsync(params string[] args)
    {
        var result = await RunScriptAsync(TimeSpan.FromMinutes(2), args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"swarm-lab.sh {string.Join(' ', args)} failed ({result.ExitCode}): {result.StandardError}");
        }
        return result.StandardOutput;
    }

    private async Task<BufferedCommandResult> RunScriptAsync(TimeSpan timeout, params string[] args)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await CliWrap.Cli.Wrap("bash").WithArguments([Script, .. args])
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["LAB_DIR"] = LabDirectory, ["LAB_SUBNET_PREFIX"] = subnetPrefix })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cts.Token);
    }
}
