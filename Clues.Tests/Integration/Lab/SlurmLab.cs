using CliWrap;
using CliWrap.Buffered;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Integration.Lab;

/// <summary>
/// A real Slurm cluster (slurmctld on the host, one slurmd per node in its own network namespace) built by
/// <c>lab/slurm-lab.sh</c> in its default folder and subnet (/tmp/clues-slurm-lab, 10.233.0.0/24): one Slurm lab per
/// machine. Requires root, slurmctld, slurmd, the Slurm client and munge (reported via <see cref="TestEnvironment"/>).
/// </summary>
/// <param name="nodes">Number of nodes (slab1 … slabN, 2 CPUs and 1024 MB each).</param>
public sealed class SlurmLab(int nodes = 3)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(1);

    /// <summary>The lab script.</summary>
    public static string Script => Path.Combine(TestEnvironment.RepositoryRoot, "lab", "slurm-lab.sh");

    /// <summary>The lab's state folder (<c>LAB_DIR</c>).</summary>
    public string LabDirectory { get; } = "/tmp/clues-slurm-lab";

    /// <summary>What every Slurm command needs in its environment.</summary>
    public string SlurmConf => Path.Combine(LabDirectory, "etc", "slurm.conf");

    /// <summary>The folder jobs are submitted from (their output files land there).</summary>
    public string JobsDirectory => Path.Combine(LabDirectory, "jobs");

    /// <summary>The hosts file for CLUES' commandline power manager (address and name of every node).</summary>
    public string HostsFile => Path.Combine(LabDirectory, "commandline.hosts");

    /// <summary>The node names.</summary>
    public IReadOnlyList<string> Nodes { get; } = Enumerable.Range(1, nodes).Select(i => $"slab{i}").ToArray();

    /// <summary>Builds the lab (tearing down a leftover one first); inconclusive/failing when prerequisites are missing.</summary>
    public async Task UpAsync()
    {
        TestEnvironment.RequireRoot();
        foreach (var program in new[] { "slurmctld", "slurmd", "scontrol", "sbatch", "munged", "nsenter" })
        {
            TestEnvironment.RequireProgram(program);
        }
        await RunScriptAsync("down");
        var result = await RunScriptAsync("up", nodes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (result.ExitCode != 0)
        {
            await RunScriptAsync("down");
            Assert.Fail($"slurm-lab.sh up {nodes} failed ({result.ExitCode}): {result.StandardError}");
        }
    }

    /// <summary>Tears the lab down (safe after a failed or partial <see cref="UpAsync"/>).</summary>
    public Task DownAsync() => RunScriptAsync("down");

    /// <summary>Powers a node off: its slurmd and every process in its namespace are killed.</summary>
    public Task StopNodeAsync(string node) => RunCheckedAsync(Script, "node-stop", node);

    /// <summary>Powers a node on: its slurmd starts and registers.</summary>
    public Task StartNodeAsync(string node) => RunCheckedAsync(Script, "node-start", node);

    /// <summary><c>Running</c> or <c>Stopped</c>.</summary>
    public async Task<string> NodeStatusAsync(string node) => (await RunCheckedAsync(Script, "node-status", node)).Trim();

    /// <summary>Runs a Slurm client command (<c>scontrol</c>, <c>scancel</c>, ...) against the lab; returns its output.</summary>
    /// <exception cref="InvalidOperationException">The command failed.</exception>
    public Task<string> SlurmAsync(string program, params string[] args) => RunCheckedAsync(program, args);

    /// <summary>The Slurm state of every node (<c>IDLE</c>, <c>MIXED</c>, <c>IDLE+DRAIN</c>, ...).</summary>
    public async Task<IReadOnlyDictionary<string, string>> NodeStatesAsync() =>
        Records(await SlurmAsync("scontrol", "-o", "show", "nodes"))
            .ToDictionary(r => r.GetValueOrDefault("NodeName", ""), r => r.GetValueOrDefault("State", ""), StringComparer.Ordinal);

    /// <summary>One job's <c>scontrol -o show job</c> fields (only those without spaces in their values are reliable).</summary>
    public async Task<IReadOnlyDictionary<string, string>> JobAsync(string id) =>
        Records(await SlurmAsync("scontrol", "-o", "show", "job", id)).Single();

    // Enough for the fields the tests read (State, NodeName, JobState, NodeList, StartTime): none contains spaces.
    private static List<Dictionary<string, string>> Records(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2)).Where(p => p.Length == 2)
                .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal))
            .ToList();

    private async Task<string> RunCheckedAsync(string program, params string[] args)
    {
        var result = await RunAsync(program, args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', args)} failed ({result.ExitCode}): {result.StandardError}");
        }
        return result.StandardOutput;
    }

    private Task<BufferedCommandResult> RunScriptAsync(params string[] args) => RunAsync(Script, args);

    private async Task<BufferedCommandResult> RunAsync(string program, string[] args)
    {
        using var cts = new CancellationTokenSource(s_timeout);
        var command = program == Script ? CliWrap.Cli.Wrap("bash").WithArguments([Script, .. args]) : CliWrap.Cli.Wrap(program).WithArguments(args);
        return await command
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["LAB_DIR"] = LabDirectory, ["SLURM_CONF"] = SlurmConf })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cts.Token);
    }
}
