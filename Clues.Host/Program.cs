using Clues.Host.Commands;

const string usage = """
    usage: clues-host [run] [--config PATH] [--dry-run]
                                                   run the CLUES daemon (--dry-run: log the power actions, run none)
           clues-host check [--config PATH]        validate the configuration and plugin names, print every key
           clues-host simulate TRACE.sim|TRACE.swf[.gz] [--db PATH] [--config PATH] [--seed N] [--nodes N] ...
                                                   run the daemon on a simulated cluster under virtual time
           clues-host report DB [--from T] [--to T] [--format text|json|csv]
                                                   report hosts and requests from a CLUES database (cluesreports)
    """;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "run";
var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
switch (command)
{
    case "run" when rest.Contains("-h") || rest.Contains("--help"):
        Console.WriteLine(usage);
        return 0;
    case "run":
        return await RunCommand.RunAsync(rest, Console.Error, cancel.Token);
    case "check":
        return CheckCommand.Run(rest, Console.Out, Console.Error);
    case "simulate":
        return await SimulateCommand.RunAsync(rest, Console.Out, Console.Error, cancel.Token);
    case "report":
        return ReportCommand.Run(rest, Console.Out, Console.Error, TimeProvider.System);
    case "help":
        Console.WriteLine(usage);
        return 0;
    default:
        Console.Error.WriteLine($"unknown command '{command}'");
        Console.Error.WriteLine(usage);
        return 2;
}
