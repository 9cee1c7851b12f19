using Clues.Core.Model;

namespace Clues.Core.Reports;

/// <summary>How many requests are in one state.</summary>
/// <param name="State">The state.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Count">How many.</param>
/// <param name="Share">Fraction (0–1) of all requests.</param>
public sealed record RequestOutcome(RequestState State, string Name, int Count, double Share);
