using System.Globalization;
using Clues.Core.Config;
using Clues.Core.Hosting;
using Clues.Core.Simulation;
using Clues.Host.Logging;
using NLog.Extensions.Logging;

namespace Clues.Host.Commands;

/// <summary>
/// <c>clues-host simulate FILE.sim [--db PATH] [--config PATH] [--seed N] [--log-level LEVEL]</c>: runs the real daemon
/// on a simulated cluster under virtual time and prints a summary.
/// </summary>
internal static class SimulateCommand
{
    public const string Usage = "usage: clues-host simulate FILE.sim [--db PATH] [--config PATH] [--seed N] [--log-level debug|info|warning|error]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        CommandLine line;
        try
        {
            line = CommandLine.Parse(args, new HashSet<string> { "--db", "--config", "--seed", "--log-level" }, new HashSet<string> { "--help", "-h" });
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"{ex.Message}{Environment.NewLine}{Usage}").ConfigureAwait(false);
            return 2;
        }
        if (line.Has("--help") || line.Has("-h"))
        {
            await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
            return 0;
        }
        if (line.Positionals.Count != 1)
        {
            await stderr.WriteLineAsync($"simulate needs exactly one trace file{Environment.NewLine}{Usage}").ConfigureAwait(false);
            return 2;
        }
        var tracePath = line.Positionals[0];
        if (!File.Exists(tracePath))
        {
            await stderr.WriteLineAsync($"the trace file '{tracePath}' does not exist").ConfigureAwait(false);
            return 1;
        }

        try
        {
            // The same check as run and check: an unknown scheduler or a bad value is an error here too.
            var (config, check) = await ConfigurationSource.LoadCheckedAsync(line.Value("--config"), ConfigCheckScope.Simulation, stderr).ConfigureAwait(false);
            var options = check.Options;
            var seed = options.Simulator.RandomSeed;
            if (line.Value("--seed") is { } seedText && !int.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
            {
                await stderr.WriteLineAsync($"--seed '{seedText}' is not a whole number").ConfigureAwait(false);
                return 2;
            }
            var random = new Random(seed);
            var trace = SimTrace.Load(tracePath, random);
            // A simulation logs warnings only, unless asked: its debug log would dwarf the summary.
            using var loggerFactory = new NLogLoggerFactory(new NLogProviderOptions());
            NLog.LogManager.Configuration = NLogSetup.Build(options.General.LogFile, line.Value("--log-level") ?? "warning");
            var result = await new SimulationRunner(loggerFactory).RunAsync(trace, config, line.Value("--db"), random, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync($"Trace {tracePath}: {trace.Nodes.Count} nodes, {trace.Jobs.Count} jobs; configuration: {(config.Files.Count == 0 ? "defaults" : string.Join(", ", config.Files))}").ConfigureAwait(false);
            await stdout.WriteAsync(result.Format()).ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is ConfigException or FormatException or IOException)
        {
            await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
