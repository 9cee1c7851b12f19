namespace Clues.Core.Scheduling;

/// <summary>The nodes reserved for a request (one entry per task, repeats allowed) and when.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="Nodes">The placement.</param>
/// <param name="Timestamp">When it was booked.</param>
public sealed record Booking(long RequestId, IReadOnlyList<string> Nodes, double Timestamp);
