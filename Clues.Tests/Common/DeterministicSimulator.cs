using Clues.Core.Config;

namespace Clues.Tests.Common;

/// <summary>The simulator settings of the golden runs (spec §12): fixed 6 s power delays, no power-on failures.</summary>
internal static class DeterministicSimulator
{
    /// <summary>Sets them in <paramref name="config"/> and returns it.</summary>
    public static CluesConfig Configure(CluesConfig config)
    {
        config.Set("simulator", "POWERON_DELAY_MIN", "6");
        config.Set("simulator", "POWERON_DELAY_MAX", "6");
        config.Set("simulator", "POWEROFF_DELAY_MIN", "6");
        config.Set("simulator", "POWEROFF_DELAY_MAX", "6");
        config.Set("simulator", "POWERON_FAILURE_PROBABILITY", "0");
        return config;
    }
}
