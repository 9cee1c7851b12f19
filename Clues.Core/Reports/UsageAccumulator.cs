namespace Clues.Core.Reports;

/// <summary>The time-weighted use of one resource (slots or memory) of a host, for its <see cref="ResourceUsage"/>.</summary>
internal sealed class UsageAccumulator
{
    private readonly double[] _bands = new double[5];
    private double _area;
    private double _areaOn;
    private double _capacity;
    private double _peak;

    public void Add(double seconds, double used, double capacity, bool on)
    {
        _capacity = Math.Max(_capacity, capacity);
        _peak = Math.Max(_peak, used);
        _area += seconds * used;
        if (!on)
        {
            return;
        }
        _areaOn += seconds * used;
        var band = used <= 0 || capacity <= 0 ? 0 : Math.Clamp((int)Math.Ceiling(used / capacity * 4), 1, 4);
        _bands[band] += seconds;
    }

    public ResourceUsage Result(double observed, double on) =>
        new(_capacity, observed > 0 ? _area / observed : 0, on > 0 ? _areaOn / on : null, _peak, _bands);
}
