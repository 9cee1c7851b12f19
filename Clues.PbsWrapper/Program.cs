using Clues.PbsWrapper;

if (args is ["--help"])
{
    Console.Out.Write(PbsSubmitFilter.Usage);
    return 0;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // qsub gets the same Ctrl+C; the filter only stops announcing.
    e.Cancel = true;
    cancellation.Cancel();
};
var options = PbsSubmitFilter.LoadOptions(Environment.GetEnvironmentVariable("CLUES_PBS_WRAPPER_CONFIG"), Console.Error);
using var handler = new SocketsHttpHandler { ConnectTimeout = options.AnnounceTimeout };
await using var input = Console.OpenStandardInput();
await using var output = Console.OpenStandardOutput();
return await new PbsSubmitFilter(options, handler, Console.Error).RunAsync(args, input, output, cancellation.Token);
