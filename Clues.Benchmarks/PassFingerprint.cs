using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Clues.Core.Model;
using Clues.Core.Scheduling;

namespace Clues.Benchmarks;

/// <summary>
/// A digest of every decision of a pass (request states, bookings, candidate lists, free resources on the pass
/// copy), so that runs before and after a change can be compared: same digest, same decisions.
/// </summary>
internal static class PassFingerprint
{
    public static string Of(PassScenario scenario, SchedulingContext context)
    {
        var text = new StringBuilder();
        var states = new Dictionary<RequestState, int>();
        foreach (var request in scenario.Daemon.Requests)
        {
            states[request.State] = states.GetValueOrDefault(request.State) + 1;
            text.Append(CultureInfo.InvariantCulture, $"r{request.Id}:{(int)request.State}:{request.TimestampState};");
            if (scenario.Daemon.Bookings.Find(request.Id) is { } booking)
            {
                text.Append(string.Join(',', booking.Nodes)).Append(';');
            }
        }
        foreach (var name in context.CandidatesOn.Names)
        {
            text.Append("on:").Append(name).Append('=').Append(string.Join(',', context.CandidatesOn.RequestsFor(name).Select(r => r.Id))).Append(';');
        }
        text.Append("off:").Append(string.Join(',', context.CandidatesOff)).Append(';');
        foreach (var node in context.Monitoring.Nodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"{node.Name}:{node.SlotsFree}:{node.MemoryFree};");
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        var summary = string.Join(' ', states.OrderBy(p => p.Key).Select(p => $"{p.Key.ToDisplay()}={p.Value}"));
        return $"{hash} ({summary}; on={context.CandidatesOn.Count} off={context.CandidatesOff.Count})";
    }
}
