using System.Globalization;
using Clues.Cli.CommandLine;
using Clues.Core.Api.XmlRpc;
using Clues.Core.Groups;

namespace Clues.Cli.Operations;

/// <summary>The operations of <c>clues</c> (spec §10): the same calls, messages and outcomes as the original.</summary>
internal sealed class CluesOperations
{
    private readonly CluesRemote _remote;
    private readonly TextWriter _progress;
    private readonly JsonApi? _api;

    /// <param name="remote">The server.</param>
    /// <param name="progress">Where <c>enable</c> prints its messages as it goes (standard output).</param>
    /// <param name="api">The same server's JSON API, for what XML-RPC does not carry (the state of a request's job).</param>
    public CluesOperations(CluesRemote remote, TextWriter progress, JsonApi? api = null)
    {
        _remote = remote;
        _progress = progress;
        _api = api;
    }

    public Task<OperationResult> RunAsync(ParsedCommand command, bool printProgress, CancellationToken ct) => command.Operation switch
    {
        "status" => StatusAsync(ct),
        "req_get" => RequestsAsync(command, ct),
        "resetstate" => PerNodeAsync(command, ct, (n, c) => _remote.CallAsync("reset_node_state", c, n), (n, m) => m),
        "disable" => PerNodeAsync(command, ct, (n, c) => _remote.CallAsync("enable_node", c, n, false), (n, m) => m),
        "enable" => EnableAsync(command, printProgress, ct),
        "poweron" => PerNodeAsync(command, ct, (n, c) => _remote.CallAsync("poweron", c, n),
            (n, m) => $"node {n} could not be powered on ({m})"),
        "poweroff" => PerNodeAsync(command, ct, (n, c) => _remote.CallAsync("poweroff", c, n),
            (n, m) => $"node {n} could not be powered off ({m})"),
        // FIX (spec §14 Q19): CLUES' error line had two values for one placeholder and crashed.
        "nodeinfo" => PerNodeAsync(command, ct, (n, c) => _remote.CallAsync("get_node_description", c, n, command.Flag("-x")),
            (n, m) => $"could not get info of the node {n} ({m})"),
        "shownode" => ShowNodeAsync(command, ct),
        "req_create" => RequestCreateAsync(command, ct),
        "req_wait" => RequestWaitAsync(command, ct),
        _ => throw new InvalidOperationException($"no handler for operation '{command.Operation}'"),
    };

    private async Task<OperationResult> PlatformTextAsync(string method, string failure, CancellationToken ct, params object[] arguments)
    {
        var (success, payload) = await _remote.CallAsync(method, ct, arguments).ConfigureAwait(false);
        var text = Text(payload);
        var shown = success ? text : $"{failure} ({text})";
        return new OperationResult(success, shown, [new OperationItem(null, success, shown)]);
    }

    /// <summary>
    /// CLUES' status table, then one line per node group (<c>group gpu: 3 on, 1 booting of 8 nodes (min 2, max 4, max
    /// booting 2)</c>) when the server's JSON API has groups; the original CLUES server has none, and the table is shown alone.
    /// </summary>
    private async Task<OperationResult> StatusAsync(CancellationToken ct)
    {
        var table = await PlatformTextAsync("status", "Could not get the status of CLUES", ct, "").ConfigureAwait(false);
        if (!table.Success || await GroupLinesAsync(ct).ConfigureAwait(false) is not { Count: > 0 } groups)
        {
            return table;
        }
        var text = (table.Text ?? "").TrimEnd('\n') + "\n\n" + string.Join('\n', groups);
        return new OperationResult(true, text, [new OperationItem(null, true, text)]);
    }

    /// <summary>The node groups' lines; null against a server without the JSON API.</summary>
    private async Task<IReadOnlyList<string>?> GroupLinesAsync(CancellationToken ct)
    {
        if (_api is null)
        {
            return null;
        }
        try
        {
            using var groups = await _api.GetAsync("/api/groups", ct).ConfigureAwait(false);
            return System.Text.Json.JsonSerializer.Deserialize<List<NodeGroupStatus>>(groups, GroupJson)?.Select(g => g.ToString()).ToList();
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException
            or NotSupportedException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions GroupJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>
    /// The queue as CLUES prints it (one <c>[REQUEST n]</c> line each), or the one request asked for; an empty queue
    /// says so instead of CLUES' blank line. A request made for an LRMS job ends with the job's own state
    /// (<c>job state: done on worker-01; </c>) when the server's JSON API tells it, so that a <c>not-served</c>
    /// request whose job ran is not taken for a lost job.
    /// </summary>
    private async Task<OperationResult> RequestsAsync(ParsedCommand command, CancellationToken ct)
    {
        var all = await PlatformTextAsync("get_requests", "Could not get the requests from CLUES", ct).ConfigureAwait(false);
        if (!all.Success)
        {
            return all;
        }
        var lines = (all.Text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length > 0 && await JobStatesAsync(ct).ConfigureAwait(false) is { } jobs)
        {
            lines = Array.ConvertAll(lines, line => RequestId(line) is { } id && jobs.TryGetValue(id, out var job)
                ? line + $"job state: {job.State}; " : line);
        }
        if (command.Get("id") is { } ids)
        {
            var id = (long)ids[0];
            var prefix = string.Create(CultureInfo.InvariantCulture, $"[REQUEST {id}]");
            var line = Array.Find(lines, l => l.StartsWith(prefix, StringComparison.Ordinal));
            var shown = line ?? $"request {id} is not in the queue (it was served or discarded, or it never existed)";
            return new OperationResult(line is not null, shown, [new OperationItem(null, line is not null, shown)]);
        }
        var text = lines.Length == 0 ? "no request is waiting in the queue" : string.Join('\n', lines);
        return new OperationResult(true, text, [new OperationItem(null, true, text)]);
    }

    /// <summary>The job states by request id; null against a server without the JSON API (the original CLUES).</summary>
    private async Task<Dictionary<long, (string JobId, string State)>?> JobStatesAsync(CancellationToken ct)
    {
        if (_api is null)
        {
            return null;
        }
        try
        {
            using var requests = await _api.GetAsync("/api/requests", ct).ConfigureAwait(false);
            return RequestJob.ByRequest(requests);
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException
            or KeyNotFoundException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The id of a <c>[REQUEST n]</c> line.</summary>
    private static long? RequestId(string line)
    {
        const string prefix = "[REQUEST ";
        var end = line.IndexOf(']', StringComparison.Ordinal);
        return line.StartsWith(prefix, StringComparison.Ordinal) && end > prefix.Length
            && long.TryParse(line.AsSpan(prefix.Length, end - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id : null;
    }

    private async Task<OperationResult> PerNodeAsync(ParsedCommand command, CancellationToken ct,
        Func<string, CancellationToken, Task<(bool Success, object Payload)>> call, Func<string, string, string> onFailure)
    {
        var items = new List<OperationItem>();
        foreach (var node in Nodes(command))
        {
            var (success, payload) = await call(node, ct).ConfigureAwait(false);
            var text = Text(payload);
            items.Add(new OperationItem(node, success, success ? text : onFailure(node, text)));
        }
        return new OperationResult(items.All(i => i.Success), string.Join('\n', items.Select(i => i.Message)), items);
    }

    private async Task<OperationResult> EnableAsync(ParsedCommand command, bool printProgress, CancellationToken ct)
    {
        var items = new List<OperationItem>();
        foreach (var node in Nodes(command))
        {
            var (success, payload) = await _remote.CallAsync("enable_node", ct, node, true).ConfigureAwait(false);
            var text = Text(payload);
            items.Add(new OperationItem(node, success, text));
            // KEEP: enable prints each message as it goes. FIX (spec §14 Q19): it exits 0 when every node succeeded.
            if (printProgress)
            {
                await _progress.WriteLineAsync(text).ConfigureAwait(false);
            }
        }
        return new OperationResult(items.All(i => i.Success), printProgress ? null : string.Join('\n', items.Select(i => i.Message)), items);
    }

    private async Task<OperationResult> ShowNodeAsync(ParsedCommand command, CancellationToken ct)
    {
        var items = new List<OperationItem>();
        foreach (var node in Nodes(command))
        {
            var (success, payload) = await _remote.CallAsync("get_node_description", ct, node, true).ConfigureAwait(false);
            var text = Text(payload);
            items.Add(success
                ? new OperationItem(node, true, NodeDescription.ToHuman(text))
                : new OperationItem(node, false, $"could not get the description of node {node} ({text})"));
        }
        return new OperationResult(items.All(i => i.Success), string.Join('\n', items.Select(i => i.Message)), items);
    }

    private async Task<OperationResult> RequestCreateAsync(ParsedCommand command, CancellationToken ct)
    {
        var cpu = (double)command.Get("--cpu")![0];
        var memory = (double)command.Get("--memory")![0];
        var expression = command.Get("--request") is { } r ? (string)r[0] : "";
        var count = command.Get("--count") is { } n ? (long)n[0] : 1L;
        // KEEP (spec §10): the count is sent as both taskcount and maxtaskspernode.
        bool success;
        object payload;
        try
        {
            (success, payload) = await _remote.CallAsync("request_create", ct, cpu, memory, count, count, expression).ConfigureAwait(false);
        }
        catch (XmlRpcFaultException fault) when (fault.FaultCode == XmlRpcFaultCodes.InvalidParams)
        {
            // The server refused an argument (a count below 1, an expression that does not parse): say which.
            (success, payload) = (false, fault.FaultString);
        }
        var text = success ? Text(payload) : $"request could not be created ({Text(payload)})";
        return new OperationResult(success, text, [new OperationItem(null, success, text, success ? payload : null)]);
    }

    private async Task<OperationResult> RequestWaitAsync(ParsedCommand command, CancellationToken ct)
    {
        var id = (long)command.Get("id")![0];
        var timeout = command.Get("timeout") is { } t ? (long)t[0] : -1L;
        // The server holds the call up to the request's own timeout: allow that plus the usual margin. No timeout
        // (CLUES' default) waits as long as the request is queued.
        var limit = timeout > 0 && _remote.CallTimeout != Timeout.InfiniteTimeSpan
            ? TimeSpan.FromSeconds(timeout) + _remote.CallTimeout
            : Timeout.InfiniteTimeSpan;
        var (success, payload) = await _remote.CallWithinAsync("request_wait", limit, ct, id, timeout).ConfigureAwait(false);
        string text;
        if (!success)
        {
            text = $"request could not be waited ({Text(payload)})";
        }
        else
        {
            text = payload is true ? $"request {id} is not currently in the queue" : $"request {id} is still pending";
        }
        var target = id.ToString(CultureInfo.InvariantCulture);
        return new OperationResult(success, text, [new OperationItem(target, success, text, success ? payload : null)]);
    }

    private static IEnumerable<string> Nodes(ParsedCommand command) => command.Get("nodes")!.Cast<string>();

    // Python's "%s" of a payload: strings as they are, booleans as True/False, numbers as Python prints them.
    private static string Text(object payload) => payload switch
    {
        string s => s,
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => Core.Api.Formatting.PythonRepr.Float(d),
        _ => Convert.ToString(payload, CultureInfo.InvariantCulture) ?? "",
    };
}
