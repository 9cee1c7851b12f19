using Clues.Core.Api;
using Clues.Core.Model;
using Clues.Core.Requests;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;

namespace Clues.Core.Daemon;

/// <summary>Copies daemon objects into the API's immutable snapshots.</summary>
internal static class Snapshots
{
    /// <param name="n">The node.</param>
    /// <param name="why">Why it is not being powered off.</param>
    /// <param name="retries">The power-on retry policy, for its backoff and quarantine (null: neither is shown).</param>
    public static NodeSnapshot Of(Node n, string? why = null, PowerOnRetryPolicy? retries = null)
    {
        var quarantined = retries?.IsQuarantined(n) == true;
        return Plain(n, why) with
        {
            Quarantined = quarantined,
            QuarantinedUntil = quarantined ? retries!.ReleaseAt(n) : null,
            PowerOnRetryAt = n.State == NodeState.OffErr && !quarantined && retries is not null ? retries.RetryAt(n) : null,
        };
    }

    private static NodeSnapshot Plain(Node n, string? why) => new()
    {
        Name = n.Name,
        SlotsCount = n.SlotsCount,
        SlotsFree = n.SlotsFree,
        SlotsFreeOriginal = n.SlotsFreeOriginal,
        MemoryTotal = n.MemoryTotal,
        MemoryFree = n.MemoryFree,
        MemoryFreeOriginal = n.MemoryFreeOriginal,
        State = n.State,
        Keywords = n.Keywords,
        Id = n.Id,
        TimestampCreated = n.TimestampCreated,
        TimestampState = n.TimestampState,
        TimestampInfo = n.TimestampInfo,
        TimestampPoweredOn = n.TimestampPoweredOn,
        TimestampPoweredOff = n.TimestampPoweredOff,
        PowerOnOperationFailed = n.PowerOnOperationFailed,
        PowerOffOperationFailed = n.PowerOffOperationFailed,
        Enabled = n.Enabled,
        PrevState = n.PrevState,
        PrevTimestampState = n.PrevTimestampState,
        PrevTimestampPoweredOn = n.PrevTimestampPoweredOn,
        PrevTimestampPoweredOff = n.PrevTimestampPoweredOff,
        PrevPowerOnOperationFailed = n.PrevPowerOnOperationFailed,
        PrevPowerOffOperationFailed = n.PrevPowerOffOperationFailed,
        Why = why,
    };

    /// <param name="r">The queued request.</param>
    /// <param name="booking">Its booking, if any.</param>
    /// <param name="job">The mirror of the LRMS job it was made for, if job monitoring knows it.</param>
    /// <param name="why">Why it still waits.</param>
    public static RequestSnapshot Of(Request r, Booking? booking, Request? job = null, string? why = null) => new()
    {
        Id = r.Id,
        Resources = r.Resources,
        State = r.State,
        TimestampCreated = r.TimestampCreated,
        TimestampState = r.TimestampState,
        TimestampAttended = r.TimestampAttended,
        AttendedRetries = r.AttendedRetries,
        JobId = r.JobId,
        JobNodeIds = r.JobNodeIds,
        BookedNodes = booking?.Nodes ?? [],
        Job = job is null ? null : new JobSnapshot { Id = job.JobId!, State = job.LrmsState ?? job.State.ToDisplay(), Nodes = job.JobNodeIds },
        Why = why,
    };
}
