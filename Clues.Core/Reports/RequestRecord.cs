using Clues.Core.Model;

namespace Clues.Core.Reports;

/// <summary>One row of the <c>requests</c> table.</summary>
/// <param name="Id">The request id.</param>
/// <param name="Created">When it was created, Unix seconds.</param>
/// <param name="StateTime">When it reached <paramref name="State"/> (its last stored state).</param>
/// <param name="State">The last stored state.</param>
/// <param name="Slots">Slots per task.</param>
/// <param name="Memory">Memory per task, in the LRMS' unit.</param>
/// <param name="TaskCount">Number of tasks.</param>
public sealed record RequestRecord(string Id, double Created, double StateTime, RequestState State, double Slots, double Memory, int TaskCount);
