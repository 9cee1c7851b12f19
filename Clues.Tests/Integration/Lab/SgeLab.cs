using CliWrap;
using CliWrap.Buffered;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Integration.Lab;

/// <summary>
/// A real Grid Engine cluster (sge_qmaster on the host, one sge_execd per host in its own network namespace) built by
/// <c>lab/sge-lab.sh</c> in its default folder and subnet (/tmp/clues-sge-lab, 10.234.0.0/24). Its client commands
/// are the lab's wrappers in <see cref="BinDirectory"/> (they see the lab's host names). Requires root and Debian's
/// gridengine-master, gridengine-exec and gridengine-client (reported via <see cref="TestEnvironment"/>).
/// </summary>
/// <param name="nodes">Number of hosts (sgelab1 … sgelabN, all.q with 2 slots each).</param>
public sealed class SgeLab(int nodes = 2)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    /// <summary>The lab script.</summary>
    public static string Script => Path.Combine(TestEnvironment.RepositoryRoot, "lab", "sge-lab.sh");

    /// <summary>The lab's state folder (<c>LAB_DIR</c>).</summary>
    public string LabDirectory { get; } = "/tmp/clues-sge-lab";

    /// <summary>The lab's qhost, qstat, qconf, qmod, qsub, qdel.</summary>
    public string BinDirectory => Path.Combine(LabDirectory, "bin");

    /// <summary>The folder jobs write their output to.</summary>
    public string JobsDirectory => Path.Combine(LabDirectory, "jobs");

    /// <summary>The hosts file for CLUES' commandline power manager (address and name of every host).</summary>
    public string HostsFile => Path.Combine(LabDirectory, "commandline.hosts");

    /// <summary>The host names.</summary>
    public IReadOnlyList<string> Nodes { get; } = Enumerable.Range(1, nodes).Select(i => $"sgelab{i}").ToArray();

    /// <summary>Builds the lab (tearing down a leftover one first); inconclusive/failing when prerequisites are missing.</summary>
    public async Task UpAsync()
    {
        TestEnvironment.RequireRoot();
        foreach (var program in new[] { "/usr/lib/gridengine/sge_qmaster", "/usr/lib/gridengine/sge_execd", "/usr/bin/qsub", "nsenter", "unshare" })
        {
            TestEnvironment.RequireProgram(program);
        }
        await RunScriptAsync("down");
        var result = await RunScriptAsync("up", nodes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (result.ExitCode != 0)
        {
            await RunScriptAsync("down");
            Assert.Fail($"sge-lab.sh up {nodes} failed ({result.ExitCode}): {result.StandardError}");
        }
    }

    /// <summary>Tears the lab down (safe after a failed or partial <see cref="UpAsync"/>).</summary>
    public Task DownAsync() => RunScriptAsync("down");

    /// <summary>Powers a host off: its execd shuts down and every process in its namespace is killed.</summary>
    public Task StopNodeAsync(string node) => RunCheckedAsync(Script, "node-stop", node);

    /// <summary>Powers a host on: its execd starts and reports.</summary>
    public Task StartNodeAsync(string node) => RunCheckedAsync(Script, "node-start", node);

    /// <summary><c>Running</c> or <c>Stopped</c>.</summary>
    public async Task<string> NodeStatusAsync(string node) => (await RunCheckedAsync(Script, "node-status", node)).Trim();

    /// <summary>Runs one of the lab's Grid Engine commands (<c>qstat</c>, <c>qdel</c>, <c>qmod</c>, ...); returns its output.</summary>
    /// <exception cref="InvalidOperationException">The command failed.</exception>
    public Task<string> SgeAsync(string program, params string[] args) => RunCheckedAsync(Path.Combine(BinDirectory, program), args);

    /// <summary>The state letters of every host's all.q instance (empty when it takes jobs, <c>d</c>, <c>u</c>, <c>du</c>, ...).</summary>
    public async Task<IReadOnlyDictionary<string, string>> QueueStatesAsync()
    {
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (await SgeAsync("qstat", "-f", "-q", "all.q")).Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].StartsWith("all.q@", StringComparison.Ordinal))
            {
                states[fields[0]["all.q@".Length..]] = fields.Length >= 6 ? fields[5] : "";
            }
        }
        return states;
    }

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
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["LAB_DIR"] = LabDirectory })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cts.Token);
    }
}
