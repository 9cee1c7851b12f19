using Clues.Core.Model;

namespace Clues.Core.Reports;

/// <summary>The time a host spent in one state.</summary>
/// <param name="State">The state.</param>
/// <param name="Name">Its display name (as <c>clues status</c> prints it).</param>
/// <param name="Seconds">Total time in it.</param>
/// <param name="Visits">How many times the host entered it (a state the period begins in counts once).</param>
/// <param name="MeanSeconds">Mean time per visit; null if never entered.</param>
/// <param name="ShareOfObserved">Fraction (0–1) of the observed time.</param>
/// <param name="ShareWhileOn">Fraction (0–1) of the time on, for the on states (idle, used, on (err)); null for the others.</param>
public sealed record StateTime(NodeState State, string Name, double Seconds, int Visits, double? MeanSeconds, double ShareOfObserved, double? ShareWhileOn);
