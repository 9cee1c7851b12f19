using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Clues.Core.HighAvailability;

namespace Clues.Benchmarks;

/// <summary>
/// <c>--takeover [runs] [term]</c>: the takeover time of an active/standby pair of real <c>clues-host run</c>
/// processes on one SQLite file. Each run starts the pair, kills the active one with SIGKILL at a random moment of
/// its renewal period and, at the same instant, makes a new idle node appear in the scripted LRMS; the standby's
/// first decision is to power that node off (IDLE_TIME 0). Printed per run and as a distribution: kill to the
/// standby serving as active (lease taken, daemon resumed) and kill to that first power command.
/// </summary>
/// <remarks>
/// The processes are <c>clues-host.dll</c> and the test plugin <c>Clues.Tests.FilePlugin.dll</c> (the scripted
/// LRMS and the power manager that appends each command with its time to a file) from the tests' output folder,
/// <c>Clues.Tests/bin/Release/net10.0</c> unless <c>CLUES_TESTS_BIN</c> names another.
/// </remarks>
internal static class TakeoverHarness
{
    private const string Secret = "takeover";

    public static async Task<int> RunAsync(int runs, double term)
    {
        var bin = Environment.GetEnvironmentVariable("CLUES_TESTS_BIN") is { Length: > 0 } configured ? configured
            : Path.GetFullPath(Path.Combine("Clues.Tests", "bin", "Release", "net10.0"));
        if (!File.Exists(Path.Combine(bin, "clues-host.dll")) || !File.Exists(Path.Combine(bin, "Clues.Tests.FilePlugin.dll")))
        {
            await Console.Error.WriteLineAsync($"clues-host.dll and Clues.Tests.FilePlugin.dll not found in {bin}: build Clues.Tests in Release first (or set CLUES_TESTS_BIN)");
            return 2;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"takeover of an active/standby pair, HA_TAKEOVER_S = {term}, {runs} runs (SQLite)"));
        Console.WriteLine("run   kill->active (s)   kill->first power command (s)");
        var active = new List<double>();
        var decision = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var (toActive, toDecision) = await OneRunAsync(bin, term, run);
            active.Add(toActive);
            decision.Add(toDecision);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run,3}   {toActive,16:0.000}   {toDecision,29:0.000}"));
        }
        Print("kill -> new active serving", active);
        Print("kill -> its first power command", decision);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"runs serving as active later than HA_TAKEOVER_S = {term} s after the kill: {active.Count(a => a > term)} of {runs}"));
        return 0;
    }

    private static void Print(string what, List<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: min {sorted[0]:0.000} s, median {At(0.5):0.000} s, p90 {At(0.9):0.000} s, max {sorted[^1]:0.000} s, mean {values.Average():0.000} s"));
    }

    private static async Task<(double Active, double Decision)> OneRunAsync(string bin, double term, int run)
    {
        var folder = Directory.CreateTempSubdirectory("clues-takeover-").FullName;
        var processes = new List<Process>();
        try
        {
            var plugins = Directory.CreateDirectory(Path.Combine(folder, "plugins")).FullName;
            File.Copy(Path.Combine(bin, "Clues.Tests.FilePlugin.dll"), Path.Combine(plugins, "Clues.Tests.FilePlugin.dll"));
            var nodes = Path.Combine(folder, "nodes.json");
            var powerLog = Path.Combine(folder, "power.log");
            await File.WriteAllTextAsync(nodes, """{"wn1": "off"}""");
            var (a, aPort) = await StartAsync(bin, folder, "a", term, processes);
            await WaitRoleAsync(aPort, "active", TimeSpan.FromSeconds(60));
            var (_, bPort) = await StartAsync(bin, folder, "b", term, processes);
            await WaitRoleAsync(bPort, "standby", TimeSpan.FromSeconds(60));

            // A random moment of the active one's renewal period.
            var renew = new HighAvailabilityOptions { TakeoverSeconds = term }.RenewPeriod;
            await Task.Delay(renew * Random.Shared.NextDouble() + TimeSpan.FromSeconds(1));
            var killedAt = UnixNow();
            a.Kill(entireProcessTree: true);
            await File.WriteAllTextAsync(nodes, """{"wn1": "off", "wn9": "idle"}""");
            await a.WaitForExitAsync();

            await WaitRoleAsync(bPort, "active", TimeSpan.FromSeconds(term * 3 + 30));
            var servingAt = UnixNow();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!File.Exists(powerLog) || !(await File.ReadAllTextAsync(powerLog)).Contains("off wn9", StringComparison.Ordinal))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"run {run}: the new active one did not power wn9 off within 60 s");
                }
                await Task.Delay(20);
            }
            var line = (await File.ReadAllLinesAsync(powerLog)).First(l => l.StartsWith("off wn9 ", StringComparison.Ordinal));
            var commandAt = double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture);
            return (servingAt - killedAt, commandAt - killedAt);
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
                process.Dispose();
            }
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(Process Process, int Port)> StartAsync(string bin, string folder, string name, double term, List<Process> processes)
    {
        var port = FreePort();
        var config = Path.Combine(folder, name + ".cfg");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            [general]
            DB_CONNECTION_STRING=sqlite://{folder}/clues.db
            CLUES_SECRET_TOKEN={Secret}
            CLUES_HOST=127.0.0.1
            CLUES_PORT={port}
            LOG_FILE={folder}/{name}.log
            LRMS_CLASS=tests.file
            POWERMANAGER_CLASS=tests.filepower
            PLUGIN_DIR={folder}/plugins
            HA_ENABLED=1
            HA_TAKEOVER_S={term}
            [monitoring]
            PERIOD_MONITORING_NODES=1
            PERIOD_LIFECYCLE=5
            [scheduling]
            PERIOD_SCHEDULE=1
            PERIOD_RECOVERY_NODES=1
            IDLE_TIME=0
            SCHEDULER_CLASSES=clueslib.schedulers.CLUES_Scheduler_PowOn_Requests,clueslib.schedulers.CLUES_Scheduler_PowOff_IDLE
            [FILE]
            NODES_FILE={folder}/nodes.json
            POWER_LOG={folder}/power.log
            """));
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(bin, "clues-host.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes.Add(process);
        return (process, port);
    }

    private static async Task WaitRoleAsync(int port, string role, TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var document = JsonDocument.Parse(await http.GetStringAsync("api/ha"));
                if (document.RootElement.GetProperty("role").GetString() == role)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet (or restarting)
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"the clues-host on port {port} was not {role} within {limit.TotalSeconds:0} s");
    }

    private static double UnixNow() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalSeconds;

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
