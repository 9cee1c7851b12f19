using System.Globalization;
using Clues.Core.Config;
using Clues.Core.Hosting;
using Clues.Core.Simulation;
using Clues.Host.Logging;
using NLog.Extensions.Logging;

namespace Clues.Host.Commands;

/// <summary>
/// <c>clues-host simulate TRACE [--db PATH] [--config PATH] [--seed N] [--log-level LEVEL]</c>: runs the real daemon
/// on a simulated cluster under virtual time and prints a summary. TRACE is a <c>.sim</c> file, or a workload log in
/// the Standard Workload Format (<c>.swf</c>, <c>.swf.gz</c>) replayed on <c>--nodes</c> identical machines.
/// <c>--report</c> and <c>--compare CONFIG...</c> print <see cref="SimulationReport"/>s (as a table, CSV or JSON).
/// </summary>
internal static class SimulateCommand
{
    public const string Usage = """
        usage: clues-host simulate TRACE.sim [--db PATH] [--config PATH] [--seed N] [--log-level debug|info|warning|error]
               clues-host simulate TRACE.swf[.gz] [--nodes N] [--cores C] [--memory MB] [--from S] [--to S] [same options]
          An SWF log is replayed one task per processor on N machines of C cores and MB of memory (defaults: the
          header's MaxNodes and MaxProcs/MaxNodes, 1024 MB), jobs submitted in [--from, --to) seconds of the log.
               clues-host simulate TRACE --report [--format table|csv|json] [options]
               clues-host simulate TRACE --compare CONFIG... [--format table|csv|json] [--svg FILE] [options]
          --report prints energy, power-ons, request waits and jobs left queued instead of the per-node summary;
          --compare runs the trace once per configuration file (same seed) and prints one report line for each;
          --svg also draws the report's node-hours and waits per configuration as an SVG chart in FILE.
        """;

    private static readonly HashSet<string> SwfOptionNames = ["--nodes", "--cores", "--memory", "--from", "--to"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        CommandLine line;
        try
        {
            line = CommandLine.Parse(args, new HashSet<string>(SwfOptionNames) { "--db", "--config", "--seed", "--log-level", "--format", "--svg" },
                new HashSet<string> { "--help", "-h", "--report", "--compare" });
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
        var compare = line.Has("--compare");
        if (compare ? line.Positionals.Count < 2 : line.Positionals.Count != 1)
        {
            await stderr.WriteLineAsync($"simulate needs {(compare ? "a trace file and at least one configuration file to compare" : "exactly one trace file")}{Environment.NewLine}{Usage}").ConfigureAwait(false);
            return 2;
        }
        var format = line.Value("--format") ?? "table";
        if (format is not ("table" or "csv" or "json"))
        {
            await stderr.WriteLineAsync($"--format '{format}' is not one of table, csv, json{Environment.NewLine}{Usage}").ConfigureAwait(false);
            return 2;
        }
        if (compare && (line.Has("--db") || line.Has("--config")))
        {
            await stderr.WriteLineAsync($"--compare runs one simulation per configuration file: --db and --config do not apply{Environment.NewLine}{Usage}").ConfigureAwait(false);
            return 2;
        }
        if (line.Has("--svg") && !compare && !line.Has("--report"))
        {
            await stderr.WriteLineAsync($"--svg draws a report: use it with --report or --compare{Environment.NewLine}{Usage}").ConfigureAwait(false);
            return 2;
        }
        var tracePath = line.Positionals[0];
        if (!SwfTrace.IsSwf(tracePath) && SwfOptionNames.FirstOrDefault(line.Has) is { } swfOnly)
        {
            await stderr.WriteLineAsync($"{swfOnly} applies to SWF traces (.swf, .swf.gz) only").ConfigureAwait(false);
            return 2;
        }
        foreach (var path in line.Positionals)
        {
            if (!File.Exists(path))
            {
                await stderr.WriteLineAsync($"the {(path == tracePath ? "trace" : "configuration")} file '{path}' does not exist").ConfigureAwait(false);
                return 1;
            }
        }

        try
        {
            List<string?> configFiles = compare ? [.. line.Positionals.Skip(1)] : [line.Value("--config")];
            var reports = new List<SimulationReport>();
            foreach (var configFile in configFiles)
            {
                // The same check as run and check: an unknown scheduler or a bad value is an error here too.
                var (config, check) = await ConfigurationSource.LoadCheckedAsync(configFile, ConfigCheckScope.Simulation, stderr).ConfigureAwait(false);
                var options = check.Options;
                var seed = options.Simulator.RandomSeed;
                if (line.Value("--seed") is { } seedText && !int.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
                {
                    await stderr.WriteLineAsync($"--seed '{seedText}' is not a whole number").ConfigureAwait(false);
                    return 2;
                }
                // Every run gets the same trace and the same draws: the configurations differ, nothing else.
                var random = new Random(seed);
                var trace = await LoadTraceAsync(tracePath, line, random, stderr).ConfigureAwait(false);
                // A simulation logs warnings only, unless asked: its debug log would dwarf the summary.
                using var loggerFactory = new NLogLoggerFactory(new NLogProviderOptions());
                NLog.LogManager.Configuration = NLogSetup.Build(options.General.LogFile, line.Value("--log-level") ?? "warning");
                var result = await new SimulationRunner(loggerFactory).RunAsync(trace, config, line.Value("--db"), random, cancellationToken).ConfigureAwait(false);
                var label = configFile ?? (config.Files.Count == 0 ? "defaults" : string.Join(", ", config.Files));
                if (result.EndedEarly is { } why)
                {
                    await stderr.WriteLineAsync($"{label}: the run ended at {result.SimulatedSeconds.ToString("0", CultureInfo.InvariantCulture)} s of the trace: {why}").ConfigureAwait(false);
                }
                if (!compare && !line.Has("--report") && format == "table")
                {
                    await stdout.WriteLineAsync($"Trace {tracePath}: {trace.Nodes.Count} nodes, {trace.Jobs.Count} jobs; configuration: {label}").ConfigureAwait(false);
                    await stdout.WriteAsync(result.Format()).ConfigureAwait(false);
                    return 0;
                }
                reports.Add(SimulationReport.Of(label, result));
            }
            if (line.Value("--svg") is { } svgPath)
            {
                var window = line.Has("--from") || line.Has("--to") ? $", seconds {line.Value("--from") ?? "0"} to {line.Value("--to") ?? "end"}" : "";
                await File.WriteAllTextAsync(svgPath, SimulationReportSvg.Render(Path.GetFileName(tracePath) + window, reports), cancellationToken).ConfigureAwait(false);
            }
            var writer = new SimulationReportWriter(stdout);
            switch (format)
            {
                case "csv":
                    writer.WriteCsv(reports);
                    break;
                case "json":
                    writer.WriteJson(reports);
                    break;
                default:
                    await stdout.WriteLineAsync($"Trace {tracePath}").ConfigureAwait(false);
                    writer.WriteTable(reports);
                    break;
            }
            return 0;
        }
        catch (Exception ex) when (ex is ConfigException or FormatException or IOException or InvalidDataException)
        {
            await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"{ex.Message}{Environment.NewLine}{Usage}").ConfigureAwait(false);
            return 2;
        }
    }

    private static async Task<SimTrace> LoadTraceAsync(string tracePath, CommandLine line, Random random, TextWriter stderr)
    {
        if (!SwfTrace.IsSwf(tracePath))
        {
            return SimTrace.Load(tracePath, random);
        }
        var load = SwfTrace.Load(tracePath, SwfOptionsOf(line));
        if (load.Skipped > 0)
        {
            await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{load.Skipped} jobs of {tracePath} skipped: run time or processor count unknown")).ConfigureAwait(false);
        }
        return load.Trace;
    }

    /// <summary>The SWF replay options given on the command line.</summary>
    /// <exception cref="ArgumentException">A value is not a number, or out of range.</exception>
    private static SwfOptions SwfOptionsOf(CommandLine line)
    {
        var from = Number(line, "--from", 0, double.MaxValue) ?? 0;
        var to = Number(line, "--to", 0, double.MaxValue);
        if (to <= from)
        {
            throw new ArgumentException($"--to {to.Value.ToString(CultureInfo.InvariantCulture)} must be after --from {from.ToString(CultureInfo.InvariantCulture)}");
        }
        return new SwfOptions
        {
            Nodes = (int?)Number(line, "--nodes", 1, 1_000_000, whole: true),
            Cores = (int?)Number(line, "--cores", 1, 1_000_000, whole: true),
            MemoryMb = Number(line, "--memory", 0, double.MaxValue) ?? new SwfOptions().MemoryMb,
            From = from,
            To = to,
        };
    }

    private static double? Number(CommandLine line, string name, double min, double max, bool whole = false)
    {
        if (line.Value(name) is not { } text)
        {
            return null;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            && (!whole || value == Math.Floor(value))
            ? value
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} '{text}' must be a {(whole ? "whole number" : "number")} from {min} to {max:G3}"));
    }
}
