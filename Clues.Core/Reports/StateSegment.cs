using Clues.Core.Model;

namespace Clues.Core.Reports;

/// <summary>A span of time a host spent in one state.</summary>
/// <param name="Start">Start, Unix seconds.</param>
/// <param name="End">End, Unix seconds.</param>
/// <param name="State">The state; null before the host's first row (no data).</param>
public sealed record StateSegment(double Start, double End, NodeState? State);
