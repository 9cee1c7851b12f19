using Clues.Cli;
using Clues.Cli.Config;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
var cli = new CluesCli(new ClientConfigLoader(), Console.Out, Console.Error, TimeProvider.System);
try
{
    return await cli.RunAsync(args, cancellation.Token);
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    return 130;
}
