namespace Clues.Core.Reports;

/// <summary>How a host used one resource (slots or memory), weighted by time.</summary>
/// <param name="Capacity">The most the host had.</param>
/// <param name="MeanUsed">Mean in use over the observed time.</param>
/// <param name="MeanUsedWhileOn">Mean in use while on; null if never on.</param>
/// <param name="PeakUsed">The most in use at once.</param>
/// <param name="BandSeconds">Time on with none in use, then with up to 25 %, 50 %, 75 % and 100 % of it in use (CLUES' quartile bars).</param>
public sealed record ResourceUsage(double Capacity, double MeanUsed, double? MeanUsedWhileOn, double PeakUsed, IReadOnlyList<double> BandSeconds);
