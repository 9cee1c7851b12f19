using Clues.SlurmWrapper;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // sbatch gets the same Ctrl+C and ends itself; the wrapper only stops announcing.
    e.Cancel = true;
    cancellation.Cancel();
};
var options = SlurmWrapper.LoadOptions(Environment.GetEnvironmentVariable("CLUES_SLURM_WRAPPER_CONFIG"), Console.Error);
using var handler = new SocketsHttpHandler { ConnectTimeout = options.AnnounceTimeout };
await using var input = Console.OpenStandardInput();
return await new SlurmWrapper(options, handler, Console.Error).RunAsync(args, input, cancellation.Token);
