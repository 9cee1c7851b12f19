namespace Clues.Core.Model;

/// <summary>State of a request or of an LRMS job, with CLUES 2.3's numeric codes.</summary>
public enum RequestState
{
    /// <summary>Defined by CLUES, never assigned by it (kept for wire compatibility).</summary>
    Discarded = -3,
    /// <summary>Default of a freshly built <see cref="JobInfo"/>.</summary>
    Unknown = -4,
    /// <summary>Cannot be satisfied with the whole platform.</summary>
    NotServed = -2,
    /// <summary>The job vanished from the LRMS (spelled as in CLUES).</summary>
    Dissapeared = -1,
    /// <summary>Waiting for the scheduler; for a job, queued in the LRMS.</summary>
    Pending = 0,
    /// <summary>Nodes are being powered on for it; for a job, running.</summary>
    Attended = 1,
    /// <summary>The request can be released to the LRMS.</summary>
    Served = 2,
    /// <summary>Servable but queued behind others, or only partially satisfiable now.</summary>
    Blocked = 3,
}

/// <summary>Display names and classification of request states.</summary>
public static class RequestStateNames
{
    /// <summary>The display name CLUES prints.</summary>
    /// <remarks>FIX (spec §14 Q2): DISCARDED has a name here.</remarks>
    public static string ToDisplay(this RequestState state) => state switch
    {
        RequestState.Pending => "pending",
        RequestState.Attended => "attended",
        RequestState.Served => "served",
        RequestState.Blocked => "blocked",
        RequestState.Dissapeared => "dissapeared",
        RequestState.NotServed => "not-served",
        RequestState.Discarded => "discarded",
        RequestState.Unknown => "unknown",
        _ => ((int)state).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>SERVED, NOT_SERVED and DISSAPEARED: purged after a cooldown and "not in the queue" for waiters.</summary>
    public static bool IsFinal(this RequestState state) =>
        state is RequestState.Served or RequestState.NotServed or RequestState.Dissapeared;
}
