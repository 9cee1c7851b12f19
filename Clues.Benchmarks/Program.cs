using BenchmarkDotNet.Running;
using Clues.Benchmarks;

// clues benchmarks:
//   --quick [runs]          stopwatch harness for the scheduling pass at every size (< 2 minutes)
//   --quick-size N R [runs] the same for one size
//   --sim [trace] [--no-db] simulator speed on a trace (default etc/simulator/cluster-week.sim)
//   anything else           BenchmarkDotNet (e.g. --filter '*SchedulingPass*')
if (args.Length > 0 && args[0] == "--quick")
{
    return await QuickHarness.RunAsync(PassSize.All, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
}
if (args.Length > 2 && args[0] == "--quick-size")
{
    var size = new PassSize(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    return await QuickHarness.RunAsync([size], args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5);
}
if (args.Length > 0 && args[0] == "--sim")
{
    var rest = args.Skip(1).ToList();
    var withDatabase = !rest.Remove("--no-db");
    return await SimulatorSpeed.RunAsync(rest.FirstOrDefault(), 3, withDatabase);
}
BenchmarkSwitcher.FromAssembly(typeof(SchedulingPassBenchmarks).Assembly).Run(args);
return 0;
