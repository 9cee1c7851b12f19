using System.Globalization;
using BenchmarkDotNet.Running;
using Clues.Benchmarks;

// clues benchmarks:
//   --quick [runs] [--second-pass]          stopwatch harness for the scheduling pass at every size (< 2 minutes)
//   --quick-size N R [runs] [--second-pass] the same for one size
//   --sim [trace] [--no-db] [--runs N]      simulator speed on a trace (default etc/simulator/cluster-week.sim; 3 runs)
//         [--from S --to S]                 for an SWF log (.swf, .swf.gz): the jobs submitted in [S, S) seconds
//         [--config FILE]                   under a configuration file (e.g. docs/energy-policy/clues23.cfg)
//   --kubernetes [nodes] [pods] [runs]      one Kubernetes monitoring pass over loopback HTTP (default 1000 10000 5)
//   --mesos [agents] [tasks] [runs]         one Mesos monitoring pass (master, Marathon, Chronos) over loopback HTTP (default 1000 10000 5)
//   --nomad [nodes] [allocations] [runs]    one Nomad monitoring pass over loopback HTTP (default 1000 10000 5)
//   --slurm [nodes] [jobs] [runs]           one Slurm monitoring pass on generated scontrol output (default 1000 10000 5)
//   --one [hosts] [vms] [runs]              one OpenNebula monitoring pass over loopback XML-RPC (default 1000 10000 5)
//   --takeover [runs] [term]                kill -9 of the active clues-host of a pair to the standby's first decision (default 20 15)
//   --db URL [nodes] [runs]                 the database's share of a monitoring pass and of request_create, on a
//                                           sqlite:// or mysql:// DB_CONNECTION_STRING (default 100 nodes, 50 runs)
//   anything else                           BenchmarkDotNet (e.g. --filter '*SchedulingPass*')
// --second-pass measures the pass that follows a first one, as in a daemon already running, not the first one.
var options = args.ToList();
var secondPass = options.Remove("--second-pass");
if (options.Count > 0 && options[0] == "--quick")
{
    return await QuickHarness.RunAsync(PassSize.All, options.Count > 1 ? int.Parse(options[1], CultureInfo.InvariantCulture) : 5, secondPass);
}
if (options.Count > 2 && options[0] == "--quick-size")
{
    var size = new PassSize(int.Parse(options[1], CultureInfo.InvariantCulture), int.Parse(options[2], CultureInfo.InvariantCulture));
    return await QuickHarness.RunAsync([size], options.Count > 3 ? int.Parse(options[3], CultureInfo.InvariantCulture) : 5, secondPass);
}
if (options.Count > 0 && options[0] == "--sim")
{
    var rest = options.Skip(1).ToList();
    var withDatabase = !rest.Remove("--no-db");
    var runs = 3;
    if (rest.IndexOf("--runs") is var at and >= 0 && at + 1 < rest.Count)
    {
        runs = int.Parse(rest[at + 1], CultureInfo.InvariantCulture);
        rest.RemoveRange(at, 2);
    }
    double? Seconds(string option)
    {
        if (rest.IndexOf(option) is var at and >= 0 && at + 1 < rest.Count)
        {
            var value = double.Parse(rest[at + 1], CultureInfo.InvariantCulture);
            rest.RemoveRange(at, 2);
            return value;
        }
        return null;
    }
    var (from, to) = (Seconds("--from"), Seconds("--to"));
    string? configPath = null;
    if (rest.IndexOf("--config") is var configAt and >= 0 && configAt + 1 < rest.Count)
    {
        configPath = rest[configAt + 1];
        rest.RemoveRange(configAt, 2);
    }
    return await SimulatorSpeed.RunAsync(rest.FirstOrDefault(), runs, withDatabase, from, to, configPath);
}
if (options.Count > 0 && options[0] == "--kubernetes")
{
    int Arg(int index, int fallback) => options.Count > index ? int.Parse(options[index], CultureInfo.InvariantCulture) : fallback;
    return await KubernetesMonitoring.RunAsync(Arg(1, 1000), Arg(2, 10_000), Arg(3, 5));
}
if (options.Count > 0 && options[0] == "--mesos")
{
    int Arg(int index, int fallback) => options.Count > index ? int.Parse(options[index], CultureInfo.InvariantCulture) : fallback;
    return await MesosMonitoring.RunAsync(Arg(1, 1000), Arg(2, 10_000), Arg(3, 5));
}
if (options.Count > 0 && options[0] == "--nomad")
{
    int Arg(int index, int fallback) => options.Count > index ? int.Parse(options[index], CultureInfo.InvariantCulture) : fallback;
    return await NomadMonitoring.RunAsync(Arg(1, 1000), Arg(2, 10_000), Arg(3, 5));
}
if (options.Count > 0 && options[0] == "--slurm")
{
    int Arg(int index, int fallback) => options.Count > index ? int.Parse(options[index], CultureInfo.InvariantCulture) : fallback;
    return await SlurmMonitoring.RunAsync(Arg(1, 1000), Arg(2, 10_000), Arg(3, 5));
}
if (options.Count > 0 && options[0] == "--one")
{
    int Arg(int index, int fallback) => options.Count > index ? int.Parse(options[index], CultureInfo.InvariantCulture) : fallback;
    return await OneMonitoring.RunAsync(Arg(1, 1000), Arg(2, 10_000), Arg(3, 5));
}
if (options.Count > 0 && options[0] == "--takeover")
{
    return await TakeoverHarness.RunAsync(options.Count > 1 ? int.Parse(options[1], CultureInfo.InvariantCulture) : 20,
        options.Count > 2 ? double.Parse(options[2], CultureInfo.InvariantCulture) : 15);
}
if (options.Count > 1 && options[0] == "--db")
{
    int Arg(int index, int fallback) => options.Count > index ? int.Parse(options[index], CultureInfo.InvariantCulture) : fallback;
    return DatabaseLatency.Run(options[1], Arg(2, 100), Arg(3, 50));
}
BenchmarkSwitcher.FromAssembly(typeof(SchedulingPassBenchmarks).Assembly).Run(args);
return 0;
