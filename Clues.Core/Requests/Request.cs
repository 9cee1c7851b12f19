using Clues.Core.Model;

namespace Clues.Core.Requests;

/// <summary>
/// A request for resources (CLUES' <c>Request</c>): created by the API (<c>request_create</c>), by the
/// Reconsider_Jobs scheduler, or mirrored from an LRMS job.
/// </summary>
public sealed class Request
{
    /// <summary>Creates a PENDING request at time <paramref name="now"/>.</summary>
    public Request(long id, Resources resources, double now, string? jobId = null, IReadOnlyList<string>? jobNodeIds = null)
    {
        Id = id;
        Resources = resources;
        TimestampCreated = TimestampState = now;
        JobId = jobId;
        JobNodeIds = jobNodeIds ?? [];
    }

    /// <summary>Unique id (also unique across restarts).</summary>
    public long Id { get; }
    /// <summary>What it needs.</summary>
    public Resources Resources { get; private set; }
    public double TimestampCreated { get; internal set; }
    /// <summary>When the current state began.</summary>
    public double TimestampState { get; internal set; }
    /// <summary>When it last entered ATTENDED (0 if never).</summary>
    public double TimestampAttended { get; internal set; }
    /// <summary>How many times it entered ATTENDED (informational).</summary>
    public int AttendedRetries { get; internal set; }
    public RequestState State { get; internal set; } = RequestState.Pending;
    /// <summary>The LRMS job it stands for, if any.</summary>
    public string? JobId { get; private set; }
    public IReadOnlyList<string> JobNodeIds { get; private set; }
    /// <summary>For a mirrored LRMS job, the job's own state in the LRMS's words (<see cref="JobInfo.LrmsState"/>).</summary>
    public string? LrmsState { get; private set; }

    /// <summary>Changes the state; returns false if it already was <paramref name="state"/>.</summary>
    public bool SetState(RequestState state, double now)
    {
        if (State == state)
        {
            return false;
        }
        State = state;
        TimestampState = now;
        if (state == RequestState.Attended)
        {
            TimestampAttended = now;
            AttendedRetries++;
        }
        return true;
    }

    /// <summary>Merges a new observation of the LRMS job this request mirrors.</summary>
    public void UpdateFrom(JobInfo job, double now)
    {
        Resources = job.Resources;
        SetState(job.State, now);
        JobId = job.JobId;
        JobNodeIds = job.NodeIds;
        LrmsState = job.LrmsState;
    }

    /// <inheritdoc />
    public override string ToString() => $"request {Id} ({State.ToDisplay()})";
}
