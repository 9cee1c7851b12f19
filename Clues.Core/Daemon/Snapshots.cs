using Clues.Core.Api;
using Clues.Core.Requests;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;

namespace Clues.Core.Daemon;

/// <summary>Copies daemon objects into the API's immutable snapshots.</summary>
internal static class Snapshots
{
    public static NodeSnapshot Of(Node n, string? why = null) => new()
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

    public static RequestSnapshot Of(Request r, Booking? booking, string? why = null) => new()
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
        Why = why,
    };
}
