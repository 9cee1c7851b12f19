using System.Diagnostics;
using System.Text;
using Clues.Tests.Common;
using Clues.Tests.E2E;
using NUnit.Framework;

namespace Clues.Tests.Docs;

/// <summary>
/// docs/elastic-swarm.md followed as a reader does (issue 16, item 5): its command blocks, extracted from the
/// document, typed in order into one bash in the repository (so its aliases and background jobs carry from block to
/// block), with the waits the text asks for in between, checked with the guide's own <c>clues status</c>: one worker
/// goes off, the three jobs run and end, the workers go off, a job on the powered-off cluster runs, the clean-up
/// leaves no demo file behind. Blocks marked <c>setup</c> (packages, cd) and <c>second-terminal</c> are the reader's.
/// </summary>
/// <remarks>
/// Uses the default lab of the guide (/tmp/clues-lab, 10.231.0.0/24 — the guide's own <c>lab/swarm-lab.sh up 2</c>),
/// /usr/local/bin/docker-machine, /var/lib/clues2 and etc/conf.d of this checkout: run it alone on the machine,
/// as root, after <c>scripts/install-prerequisites.sh</c>:
/// <c>dotnet test Clues.Tests/Clues.Tests.csproj -c Release --filter "FullyQualifiedName~ElasticSwarmGuideRunTests"</c>.
/// </remarks>
[TestFixture, Category("E2E"), NonParallelizable]
public sealed class ElasticSwarmGuideRunTests
{
    private static readonly string Root = TestEnvironment.RepositoryRoot;
    private static readonly string Config = Path.Combine(Root, "etc", "clues2.cfg");
    private readonly StringBuilder _transcript = new();
    private Process? _bash;

    [TearDown]
    public async Task TearDownAsync()
    {
        if (_bash is { HasExited: false })
        {
            _bash.Kill(entireProcessTree: true); // the daemons started in the background are its children
        }
        _bash?.Dispose();
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            await TestContext.Out.WriteLineAsync(_transcript.ToString());
            // What the guide's clean-up would have done, so that the next run starts from nothing.
            using var down = Process.Start(new ProcessStartInfo("bash", ["-c",
                "lab/swarm-lab.sh down; rm -f /usr/local/bin/docker-machine etc/conf.d/swarm-demo.cfg /var/lib/clues2/clues.db* /var/lib/clues2/docker-wrapper.db*"])
            { WorkingDirectory = Root })!;
            await down.WaitForExitAsync();
        }
    }

    [Test, CancelAfter(4_500_000)]
    public async Task Guide_TypedBlockByBlock_DoesWhatItSays(CancellationToken ct)
    {
        TestEnvironment.RequireRoot();
        TestEnvironment.RequireProgram("docker");
        TestEnvironment.RequireProgram("dockerd");
        var guide = GuideDocument.Load(Path.Combine(Root, "docs", "elastic-swarm.md"));
        _bash = StartBash();
        var blocks = guide.Blocks.Where(b => b.IsRun).ToList();
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            var output = await TypeAsync(block, i, BlockTimeout(block), ct);
            await CheckWhatTheTextSaysAsync(block, output, ct);
        }
        Assert.That(File.Exists(Path.Combine(Root, "etc", "conf.d", "swarm-demo.cfg")), Is.False, "the clean-up removed the demo timers");
        Assert.That(Directory.GetFiles("/var/lib/clues2", "*.db*"), Is.Empty, "nor the state the next run would resume");
    }

    // Generous bounds, not expectations: on an idle machine the build takes about 2 minutes and each wait well under
    // one, but the machines that run the tests may be busy with other builds.
    private static readonly TimeSpan WaitBound = TimeSpan.FromMinutes(6);

    private static TimeSpan BlockTimeout(GuideBlock block) =>
        TimeSpan.FromMinutes(block.Text.Contains("dotnet build", StringComparison.Ordinal) ? 30 : 10);

    /// <summary>What the text around a block promises, checked once the block has been typed.</summary>
    private async Task CheckWhatTheTextSaysAsync(GuideBlock block, string output, CancellationToken ct)
    {
        if (block.Text.Contains("swarm-lab.sh up", StringComparison.Ordinal))
        {
            Assert.That(output, Does.Contain("worker-01").And.Contain("worker-02"), "docker-machine ls lists both workers");
        }
        else if (block.Text.Contains("clues-host run", StringComparison.Ordinal) && !block.Text.Contains("kill", StringComparison.Ordinal))
        {
            await Until.TrueAsync("one worker powered off (the demo keeps one free slot)", WaitBound,
                async () => (await StatesAsync(ct)).Count(s => s.Value == "off") == 1, ct, Transcript);
        }
        else if (block.Text.Contains("for i in 1 2 3", StringComparison.Ordinal))
        {
            foreach (var i in new[] { 1, 2, 3 })
            {
                Assert.That(output, Does.Contain($"job {i} starts").And.Contain($"job {i} ends"), $"job {i} ran to its end");
            }
        }
        else if (block.Text.Contains("poweroff", StringComparison.Ordinal))
        {
            await Until.TrueAsync("both workers off", WaitBound,
                async () => (await StatesAsync(ct)) is { Count: > 0 } states && states.Values.All(s => s == "off"), ct, Transcript);
        }
        else if (block.Text.Contains("powered-off cluster", StringComparison.Ordinal))
        {
            Assert.That(output, Does.Contain("job on a powered-off cluster"));
        }
    }

    private string Transcript() => _transcript.ToString();

    /// <summary>
    /// The nodes' states as the guide's <c>clues status</c> prints them; none while the CLI cannot get them (the daemon
    /// the guide just started in the background may not listen yet), so the waits above ask again.
    /// </summary>
    private static async Task<Dictionary<string, string>> StatesAsync(CancellationToken ct)
    {
        var (code, output, _) = await DotnetProgram.RunAsync("clues.dll", Root, ct, "--config", Config, "status");
        if (code != 0)
        {
            return [];
        }
        return output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length > 2 && w[0].StartsWith("worker-", StringComparison.Ordinal)).ToDictionary(w => w[0], w => w[1]);
    }

    private const string FailedMarker = "__guide_command_failed__";

    // A reader's interactive shell expands aliases; this one reads the blocks from its standard input, says which
    // command failed, and reports each block's end with a marker line.
    private static Process StartBash()
    {
        var start = new ProcessStartInfo("bash", ["--noprofile", "--norc"])
        {
            WorkingDirectory = Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var bash = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        bash.StandardInput.AutoFlush = true;
        // Not "set -e": the guide's "wait $clues_host" after its kill rightly returns the killed daemon's status.
        bash.StandardInput.WriteLine($"shopt -s expand_aliases; exec 2>&1; trap 'echo \"{FailedMarker} $BASH_COMMAND\"' ERR");
        return bash;
    }

    private async Task<string> TypeAsync(GuideBlock block, int index, TimeSpan timeout, CancellationToken ct)
    {
        var marker = $"__guide_block_{index}_done__";
        _transcript.Append("$ ").Append(block.Text.Replace("\n", "\n$ ", StringComparison.Ordinal)).Append('\n');
        await _bash!.StandardInput.WriteLineAsync(block.Text);
        await _bash.StandardInput.WriteLineAsync($"echo {marker}");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var output = new StringBuilder();
        while (true)
        {
            string? line;
            try
            {
                line = await _bash.StandardOutput.ReadLineAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Assert.Fail($"the block at docs/elastic-swarm.md:{block.Line} did not end within {timeout.TotalMinutes:0} min\n{Transcript()}");
                throw;
            }
            if (line is null)
            {
                throw new AssertionException($"bash ended in the block at docs/elastic-swarm.md:{block.Line}\n{Transcript()}");
            }
            if (line == marker)
            {
                return output.ToString();
            }
            if (line.StartsWith(FailedMarker, StringComparison.Ordinal) && line[FailedMarker.Length..].Trim() is var failed && !failed.StartsWith("wait ", StringComparison.Ordinal))
            {
                Assert.Fail($"'{failed}' (docs/elastic-swarm.md, block at line {block.Line}) failed\n{Transcript()}");
            }
            output.Append(line).Append('\n');
            _transcript.Append(line).Append('\n');
        }
    }
}
