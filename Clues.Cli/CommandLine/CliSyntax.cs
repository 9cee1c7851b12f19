namespace Clues.Cli.CommandLine;

/// <summary>The operations of <c>clues</c> (spec §10) and the help text the original printed for them.</summary>
internal static class CliSyntax
{
    public static readonly IReadOnlyList<OperationSpec> Operations =
    [
        new("status", []),
        new("resetstate", [Nodes()]),
        new("enable", [Nodes()]),
        new("disable", [Nodes()]),
        new("poweron", [Nodes()]),
        new("poweroff", [Nodes()]),
        new("nodeinfo", [Nodes(), new(OptionKind.Flag, "-x", "--xml")]),
        new("shownode", [Nodes()]),
        new("req_create",
        [
            new(OptionKind.Parameter, "--cpu", "-c", Mandatory: true, Type: ValueType.Float),
            new(OptionKind.Parameter, "--memory", "-m", Mandatory: true, Type: ValueType.Float),
            new(OptionKind.Parameter, "--request", "-r"),
            new(OptionKind.Parameter, "--count", "-n", Type: ValueType.Integer),
        ]),
        new("req_wait",
        [
            new(OptionKind.Argument, "id", Mandatory: true, Type: ValueType.Integer),
            new(OptionKind.Argument, "timeout", Type: ValueType.Integer),
        ]),
        // FIX (issue: an id helps): CLUES takes no argument; an optional id shows that request only.
        new("req_get", [new(OptionKind.Argument, "id", Type: ValueType.Integer)]),
    ];

    /// <summary>
    /// The help of CLUES 2.3's <c>clues -h</c>, byte for byte (cpyutils renders it with tabs), plus the
    /// options this port adds.
    /// </summary>
    public const string Help =
        "The CLUES command line utility\n\n"
        + "Usage: clues [-h] [status|resetstate|enable|disable|poweron|poweroff|nodeinfo|shownode|req_create|req_wait|req_get]\n\n"
        + "\t[-h|--help] - Shows this help\n"
        + "\t[--json] - Prints the results as one JSON document (for scripts); status and req_get add the nodes or\n"
        + "\t           requests as data when the server is clues-host\n"
        + "\t[--why] - With status: also prints why each node is not powered off and why each request waits\n"
        + "\t[--config] <value> - Reads the [client] section from this file instead of the usual places\n"
        + "\t* Show the status of the platform\n"
        + "\t  Usage: status \n\n"
        + "\t* Reset the state of one or more nodes to idle\n"
        + "\t  Usage: resetstate <nodes>\n"
        + "\t\t<nodes> - names of the nodes whose state want to be reset\n\n"
        + "\t* Enable one or more nodes to be considered by the platform\n"
        + "\t  Usage: enable <nodes>\n"
        + "\t\t<nodes> - names of the nodes that want to be enabled\n\n"
        + "\t* Disable one or more nodes to be considered by CLUES\n"
        + "\t  Usage: disable <nodes>\n"
        + "\t\t<nodes> - names of the nodes that want to be disabled\n\n"
        + "\t* Power on one or more nodes\n"
        + "\t  Usage: poweron <nodes>\n"
        + "\t\t<nodes> - names of the nodes that want to be powered on\n\n"
        + "\t* Power off one or more nodes\n"
        + "\t  Usage: poweroff <nodes>\n"
        + "\t\t<nodes> - names of the nodes that want to be powered off\n\n"
        + "\t* Show the information about node(s), to be processed in a programmatically mode\n"
        + "\t  Usage: nodeinfo [-x] <nodes>\n"
        + "\t\t[-x|--xml] - shows the information in XML format\n"
        + "\t\t<nodes> - names of the nodes whose information is wanted to be shown\n\n"
        + "\t* Show the information about node(s) as human readable\n"
        + "\t  Usage: shownode <nodes>\n"
        + "\t\t<nodes> - names of the nodes whose information is wanted to be shown\n\n"
        + "\t* Create one request for resources\n"
        + "\t  Usage: req_create --cpu <value> --memory <value> [--request <value>] [--count <value>]\n"
        + "\t\t--cpu|-c <value> - Requested CPU\n"
        + "\t\t--memory|-m <value> - Requested Memory\n"
        + "\t\t[--request|-r] <value> - Requested constraints for the nodes\n"
        + "\t\t[--count|-n] <value> - Number of resources (default is 1)\n\n"
        + "\t* Wait for a request\n"
        + "\t  Usage: req_wait <id> [timeout]\n"
        + "\t\t<id> - Identifier of the request to wait\n"
        + "\t\t[timeout] - Timeout to wait\n\n"
        + "\t* Get the requests in a platform\n"
        + "\t  Usage: req_get [id]\n"
        + "\t\t[id] - Only this request\n\n";

    private static OptionSpec Nodes() => new(OptionKind.Argument, "nodes", Mandatory: true, AllRemaining: true);
}
