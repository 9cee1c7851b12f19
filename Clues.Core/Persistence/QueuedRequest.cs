using Clues.Core.Model;

namespace Clues.Core.Persistence;

/// <summary>
/// A request of the live queue as saved in <c>request_queue</c>, with the nodes booked for it, so a restarted
/// host goes on waiting for the nodes it was powering on instead of forgetting the request.
/// </summary>
/// <param name="Id">The request id.</param>
/// <param name="Resources">What it needs.</param>
/// <param name="State">Its state.</param>
/// <param name="TimestampCreated">When it was created.</param>
/// <param name="TimestampState">When its state began.</param>
/// <param name="TimestampAttended">When it last entered ATTENDED (0 if never).</param>
/// <param name="AttendedRetries">How many times it entered ATTENDED.</param>
/// <param name="JobId">The LRMS job it stands for, if any.</param>
/// <param name="JobNodeIds">The job's nodes.</param>
/// <param name="BookedNodes">The nodes booked for it (one entry per task); empty if none.</param>
/// <param name="BookedAt">When the booking was made (0 if none).</param>
public sealed record QueuedRequest(long Id, Resources Resources, RequestState State, double TimestampCreated,
    double TimestampState, double TimestampAttended, int AttendedRetries, string? JobId, IReadOnlyList<string> JobNodeIds,
    IReadOnlyList<string> BookedNodes, double BookedAt);
