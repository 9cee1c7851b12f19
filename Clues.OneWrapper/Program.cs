using Clues.OneWrapper;

// OpenNebula runs the hook as: clues-one-wrapper [--config FILE] <base64 VM document> (ARGUMENTS = "$TEMPLATE").
if (args is ["--help"])
{
    Console.Out.Write(OneWrapper.Usage);
    return 0;
}
var arguments = args.ToList();
string? config = Environment.GetEnvironmentVariable("CLUES_ONE_WRAPPER_CONFIG");
if (arguments.Count >= 2 && arguments[0] == "--config")
{
    config = arguments[1];
    arguments.RemoveRange(0, 2);
}
if (arguments.Count != 1)
{
    Console.Error.WriteLine($"usage: {OneWrapper.Name} [--config FILE] <base64 VM document>   (an OpenNebula VM hook with ARGUMENTS = \"$TEMPLATE\")");
    return OneWrapper.BadInput;
}
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Stop waiting, but still release the VM.
    e.Cancel = true;
    cancellation.Cancel();
};
var options = OneWrapper.LoadOptions(config, Console.Error);
using var handler = new SocketsHttpHandler { ConnectTimeout = options.AnnounceTimeout };
return await new OneWrapper(options, handler, Console.Error, TimeProvider.System).RunAsync(arguments[0], cancellation.Token);
