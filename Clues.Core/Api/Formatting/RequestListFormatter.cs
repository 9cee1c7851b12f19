using System.Globalization;
using System.Text;
using Clues.Core.Model;

namespace Clues.Core.Api.Formatting;

/// <summary>The text of CLUES' <c>get_requests</c> call: <c>str(RequestList)</c>, one line per queued request.</summary>
public static class RequestListFormatter
{
    /// <summary>The whole list, in the order given (the queue's arrival order), each line ending in a newline.</summary>
    public static string Format(IEnumerable<RequestSnapshot> requests)
    {
        var sb = new StringBuilder();
        foreach (var request in requests)
        {
            sb.Append(FormatOne(request)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// One request as <c>str(Request)</c>:
    /// <c>[REQUEST 3] state: pending@12.00; resources: 1 tasks (1 per node max.): 1.0 slots, 1024 memory, (['']) ; attended @0.00; job id: None; </c>
    /// </summary>
    public static string FormatOne(RequestSnapshot request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var r = request.Resources;
        return string.Create(CultureInfo.InvariantCulture,
            $"[REQUEST {request.Id}] state: {request.State.ToDisplay()}@{PythonRepr.Fixed(request.TimestampState, 2)}; "
            + $"resources: {r.TaskCount} tasks ({r.MaxTasksPerNode} per node max.): "
            + $"{PythonRepr.Fixed(r.Slots, 1)} slots, {PythonRepr.Fixed(r.Memory, 0)} memory, ({PythonRepr.StrList(r.Expressions)}) ; "
            + $"attended @{PythonRepr.Fixed(request.TimestampAttended, 2)}; job id: {request.JobId ?? "None"}; ");
    }
}
