namespace Clues.Host.Reports;

/// <summary>
/// The unit the LRMS reports memory in, so a report can show it in GiB: bytes for the real plugins, MiB for the
/// simulator's traces (CLUES' simulator takes megabytes).
/// </summary>
internal static class MemoryUnit
{
    /// <summary>The bytes in one unit, or null for an unknown name.</summary>
    public static double? Bytes(string name) => name.ToLowerInvariant() switch
    {
        "b" or "bytes" => 1,
        "kib" or "kb" => 1024,
        "mib" or "mb" => 1024 * 1024,
        "gib" or "gb" => 1024d * 1024 * 1024,
        _ => null,
    };
}
