using Clues.SgeWrapper;

if (args is ["--help"])
{
    Console.Out.Write(SgeWrapper.Usage);
    return 0;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
var options = SgeWrapper.LoadOptions(Environment.GetEnvironmentVariable("CLUES_SGE_WRAPPER_CONFIG"), Console.Error);
using var handler = new SocketsHttpHandler { ConnectTimeout = options.AnnounceTimeout };
return await new SgeWrapper(options, handler, new ShellSgeCommandsFactory(TimeProvider.System))
    .RunAsync(Console.In, Console.Out, cancellation.Token);
