using System.Globalization;
using Clues.Core.Api.Formatting;
using Clues.Core.Model;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Api.XmlRpc;

/// <summary>
/// CLUES' XML-RPC methods (spec §9) on top of <see cref="ICluesControl"/>: same names, argument lists,
/// defaults, <c>[success, payload]</c> results and messages, so the original <c>clues</c> CLI and job wrappers
/// work unchanged.
/// </summary>
/// <remarks>
/// Every method but <c>version</c> checks the secret first (after the argument count, as Python bound the
/// arguments before running the body). A wrong secret is an ordinary <c>[False, message]</c> answer, not a
/// fault; a wrong argument count or type, an unknown method or a failure inside the daemon is a fault.
/// FIX (spec §14 Q18): calls run concurrently, and <c>request_wait</c> waits asynchronously.
/// </remarks>
internal sealed partial class CluesXmlRpcService
{
    /// <summary>The methods served, in spec order.</summary>
    public static readonly IReadOnlyList<string> MethodNames =
    [
        "version", "login", "status", "poweron", "poweroff", "enable_node", "reset_node_state",
        "request_create", "request_wait", "request_pending", "get_requests", "get_node_description",
    ];

    private readonly ICluesControl _control;
    private readonly SecretChecker _secret;
    private readonly ILogger<CluesXmlRpcService> _logger;

    public CluesXmlRpcService(ICluesControl control, string secretToken, ILogger<CluesXmlRpcService> logger)
    {
        _control = control ?? throw new ArgumentNullException(nameof(control));
        _secret = new SecretChecker(secretToken ?? throw new ArgumentNullException(nameof(secretToken)));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// Reads one <c>methodCall</c> body and returns the <c>methodResponse</c> document: a result or a fault, never
    /// an exception (except cancellation, and a <see cref="HighAvailability.StandbyException"/> when this process
    /// stopped being the active one of a pair: the server answers that as unavailable).
    /// </summary>
    public async Task<XmlRpcResponse> HandleAsync(Stream body, long maxCharacters, CancellationToken cancellationToken)
    {
        XmlRpcMethodCall? call = null;
        try
        {
            call = XmlRpcReader.ParseMethodCall(body, maxCharacters);
            var result = await InvokeAsync(call, cancellationToken).ConfigureAwait(false);
            return new XmlRpcResponse(XmlRpcWriter.MethodResponse(result), call.MethodName, false);
        }
        catch (XmlRpcFaultException fault)
        {
            Log.Fault(_logger, call?.MethodName ?? "(unparsed)", fault.FaultCode, fault.FaultString);
            return new XmlRpcResponse(XmlRpcWriter.Fault(fault.FaultCode, fault.FaultString), call?.MethodName, true);
        }
    }

    /// <summary>Runs one parsed call.</summary>
    /// <exception cref="XmlRpcFaultException">Unknown method, wrong arguments, or a failure in the daemon.</exception>
    public async Task<object> InvokeAsync(XmlRpcMethodCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var p = call.Parameters;
        try
        {
            return call.MethodName switch
            {
                "version" => Version(p),
                "login" => Login(p),
                "status" => await StatusAsync(p, cancellationToken).ConfigureAwait(false),
                "poweron" => await NodeActionAsync("poweron", p, _control.PowerOnAsync, cancellationToken).ConfigureAwait(false),
                "poweroff" => await NodeActionAsync("poweroff", p, _control.PowerOffAsync, cancellationToken).ConfigureAwait(false),
                "reset_node_state" => await NodeActionAsync("reset_node_state", p, _control.ResetNodeStateAsync, cancellationToken).ConfigureAwait(false),
                "enable_node" => await EnableNodeAsync(p, cancellationToken).ConfigureAwait(false),
                "request_create" => await RequestCreateAsync(p, cancellationToken).ConfigureAwait(false),
                "request_wait" => await RequestWaitAsync(p, cancellationToken).ConfigureAwait(false),
                "request_pending" => await RequestPendingAsync(p, cancellationToken).ConfigureAwait(false),
                "get_requests" => await GetRequestsAsync(p, cancellationToken).ConfigureAwait(false),
                "get_node_description" => await GetNodeDescriptionAsync(p, cancellationToken).ConfigureAwait(false),
                _ => throw new XmlRpcFaultException(XmlRpcFaultCodes.MethodNotFound, $"method \"{call.MethodName}\" is not supported"),
            };
        }
        // A standby's refusal is no failure of the call: the server answers it as unavailable (503), as for a standby.
        catch (Exception ex) when (ex is not (XmlRpcFaultException or HighAvailability.StandbyException)
            && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            Log.MethodFailed(_logger, call.MethodName, ex);
            throw new XmlRpcFaultException(XmlRpcFaultCodes.InternalError, $"{call.MethodName} failed: {ex.Message}", ex);
        }
    }

    private static object Version(IReadOnlyList<object> p)
    {
        _ = new XmlRpcArguments("version", p, 0);
        return CluesMessages.Version;
    }

    private object[] Login(IReadOnlyList<object> p)
    {
        var a = new XmlRpcArguments("login", p, 1, "sec_info");
        var secret = a.Secret(0);
        return _secret.IsValid(secret) ? [true, secret!] : [false, CluesMessages.LoginRejected];
    }

    private async Task<object[]> StatusAsync(IReadOnlyList<object> p, CancellationToken ct)
    {
        var a = new XmlRpcArguments("status", p, 2, "sec_info", "nname");
        if (!Authorized(a))
        {
            return Rejected;
        }
        // KEEP (spec §9): nname is accepted and ignored; the whole platform is listed.
        var nodes = await _control.GetNodesAsync(ct).ConfigureAwait(false);
        var table = StatusTableFormatter.Format(nodes, _control.Now) + StatusTableFormatter.Notes(nodes, _control.DryRun);
        // In an active/standby pair, which process answered (a standby forwards this call to the active one).
        return [true, _control is HighAvailability.HighAvailabilityControl ha ? table + ha.Status.Describe() + "\n" : table];
    }

    private async Task<object[]> NodeActionAsync(string method, IReadOnlyList<object> p,
        Func<string, CancellationToken, Task<ControlResult>> action, CancellationToken ct)
    {
        var a = new XmlRpcArguments(method, p, 2, "sec_info", "node");
        if (!Authorized(a))
        {
            return Rejected;
        }
        var result = await action(a.String(1), ct).ConfigureAwait(false);
        return [result.Success, result.Message];
    }

    private async Task<object[]> EnableNodeAsync(IReadOnlyList<object> p, CancellationToken ct)
    {
        var a = new XmlRpcArguments("enable_node", p, 3, "sec_info", "nname", "enable");
        if (!Authorized(a))
        {
            return Rejected;
        }
        var result = await _control.EnableNodeAsync(a.String(1), a.Truth(2), ct).ConfigureAwait(false);
        return [result.Success, result.Message];
    }

    private async Task<object[]> RequestCreateAsync(IReadOnlyList<object> p, CancellationToken ct)
    {
        var a = new XmlRpcArguments("request_create", p, 4,
            "sec_info", "cpu", "memory", "taskcount", "maxtaskspernode", "request_string", "job_id", "job_nodes");
        var cpu = a.Number(1);
        var memory = a.Number(2);
        var taskCount = a.Int32(3);
        // KEEP (spec §14 Q5): maxtaskspernode is checked but ignored; CLUES always uses taskcount.
        _ = a.Number(4, -1);
        var requestString = a.String(5, "");
        var jobId = a.Has(6) ? JobId(a, 6) : null;
        var jobNodes = a.Has(7) ? a.StringList(7) : [];
        if (!Authorized(a))
        {
            return Rejected;
        }
        if (RequestArguments.TaskCountProblem(taskCount) is { } countProblem)
        {
            throw new XmlRpcFaultException(XmlRpcFaultCodes.InvalidParams, $"request_create(): argument 'taskcount' {countProblem}");
        }
        if (RequestArguments.ExpressionProblem(requestString) is { } expressionProblem)
        {
            Log.RequirementRefused(_logger, requestString, expressionProblem);
            throw new XmlRpcFaultException(XmlRpcFaultCodes.InvalidParams, $"request_create(): argument 'request_string' {expressionProblem}");
        }
        if (jobId is null)
        {
            jobNodes = [];
        }
        var resources = new Resources(cpu, memory, [requestString], taskCount, taskCount);
        var id = await _control.CreateRequestAsync(resources, jobId, jobNodes, ct).ConfigureAwait(false);
        return [true, id];
    }

    // CLUES compared job_id < 0 (so only ints worked under Python 3); wrappers for other LRMS send string ids.
    private static string? JobId(XmlRpcArguments a, int index) => a.Raw(index) switch
    {
        long l => l < 0 ? null : l.ToString(CultureInfo.InvariantCulture),
        double d => d < 0 ? null : a.Integer(index).ToString(CultureInfo.InvariantCulture),
        string s when s.Length == 0 => null,
        string s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) && l < 0 ? null : s,
        _ => throw new XmlRpcFaultException(XmlRpcFaultCodes.InvalidParams,
            $"request_create(): argument 'job_id' must be an integer or a string, got {XmlRpcArguments.TypeName(a.Raw(index))}"),
    };

    private async Task<object[]> RequestWaitAsync(IReadOnlyList<object> p, CancellationToken ct)
    {
        var a = new XmlRpcArguments("request_wait", p, 3, "sec_info", "req_id", "timeout");
        var id = a.Integer(1);
        var seconds = a.Number(2);
        if (!Authorized(a))
        {
            return Rejected;
        }
        // KEEP: timeout <= 0 waits until the request leaves the queue. FIX (spec §14 Q18): the wait is async and
        // ends when the client goes away (ct), so it never holds up other callers or leaks.
        TimeSpan? timeout = seconds > 0 ? TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2)) : null;
        var left = await _control.WaitRequestAsync(id, timeout, ct).ConfigureAwait(false);
        return [true, left];
    }

    private async Task<object[]> RequestPendingAsync(IReadOnlyList<object> p, CancellationToken ct)
    {
        var a = new XmlRpcArguments("request_pending", p, 2, "sec_info", "req_id");
        var id = a.Integer(1);
        if (!Authorized(a))
        {
            return Rejected;
        }
        return [true, await _control.IsRequestPendingAsync(id, ct).ConfigureAwait(false)];
    }

    private async Task<object[]> GetRequestsAsync(IReadOnlyList<object> p, CancellationToken ct)
    {
        var a = new XmlRpcArguments("get_requests", p, 1, "sec_info");
        if (!Authorized(a))
        {
            return Rejected;
        }
        var requests = await _control.GetRequestsAsync(ct).ConfigureAwait(false);
        return [true, RequestListFormatter.Format(requests)];
    }

    private async Task<object[]> GetNodeDescriptionAsync(IReadOnlyList<object> p, CancellationToken ct)
    {
        var a = new XmlRpcArguments("get_node_description", p, 2, "sec_info", "nname", "xml");
        var name = a.String(1);
        var xml = a.Truth(2, true);
        if (!Authorized(a))
        {
            return Rejected;
        }
        var nodes = await _control.GetNodesAsync(ct).ConfigureAwait(false);
        var node = nodes.FirstOrDefault(n => n.Name == name);
        if (node is null)
        {
            return [false, CluesMessages.NodeNotManaged];
        }
        return [true, xml ? NodeDescriptionFormatter.ToXml(node) : NodeDescriptionFormatter.ToKeywordString(node)];
    }

    private static object[] Rejected => [false, CluesMessages.SecretRejected];

    private bool Authorized(XmlRpcArguments a)
    {
        if (_secret.IsValid(a.Secret(0)))
        {
            return true;
        }
        Log.SecretRejected(_logger);
        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "XML-RPC call rejected: wrong secret token")]
        public static partial void SecretRejected(ILogger logger);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "XML-RPC {Method} answered with fault {Code}: {Fault}")]
        public static partial void Fault(ILogger logger, string method, int code, string fault);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "XML-RPC {Method} failed inside the daemon")]
        public static partial void MethodFailed(ILogger logger, string method, Exception exception);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "request_create refused: the requirement {Expression} {Problem}")]
        public static partial void RequirementRefused(ILogger logger, string expression, string problem);
    }
}
