using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clues.DockerWrapper.Jobs;

/// <summary>Extracts image and resources from a Docker create body.</summary>
/// <remarks>
/// FIX (spec §1.3): the thesis read <c>HostConfig.CpuCount</c> (Windows only) and so always saw 0 CPUs. The docker
/// CLI sends <c>--cpus</c> as NanoCpus, <c>--cpu-quota/--cpu-period</c> as CpuQuota/CpuPeriod and
/// <c>--cpu-shares</c> as CpuShares (1024 = one CPU's share); the first one present wins in that order.
/// Memory is the reservation when given (what Swarm schedules by), else the limit.
/// </remarks>
internal static class JobSpecParser
{
    private const double NanoCpusPerCpu = 1e9;
    private const long DefaultCpuPeriod = 100_000;
    private const double SharesPerCpu = 1024;

    /// <exception cref="JobSpecException">Not a JSON object, or no image.</exception>
    public static JobSpec Parse(ReadOnlySpan<byte> body)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(body) as JsonObject
                ?? throw new JobSpecException("invalid JSON: the container config must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw new JobSpecException("invalid JSON: " + ex.Message, ex);
        }
        var image = ReadString(root, "Image");
        if (string.IsNullOrWhiteSpace(image))
        {
            throw new JobSpecException("config has no Image");
        }
        var host = root["HostConfig"] as JsonObject;
        return new JobSpec(
            image,
            Cpus(host),
            Memory(host),
            ReadBool(root, "Tty"),
            ReadBool(root, "OpenStdin") && ReadBool(root, "AttachStdin"));
    }

    internal static double Cpus(JsonObject? host)
    {
        var nano = ReadLong(host, "NanoCpus");
        if (nano > 0)
        {
            return nano / NanoCpusPerCpu;
        }
        var quota = ReadLong(host, "CpuQuota");
        if (quota > 0)
        {
            var period = ReadLong(host, "CpuPeriod");
            return (double)quota / (period > 0 ? period : DefaultCpuPeriod);
        }
        var shares = ReadLong(host, "CpuShares");
        return shares > 0 ? shares / SharesPerCpu : 0;
    }

    internal static long Memory(JsonObject? host)
    {
        var reservation = ReadLong(host, "MemoryReservation");
        return reservation > 0 ? reservation : Math.Max(0, ReadLong(host, "Memory"));
    }

    private static string? ReadString(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool ReadBool(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static long ReadLong(JsonObject? obj, string name)
    {
        if (obj?[name] is not JsonValue v)
        {
            return 0;
        }
        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }
        return v.TryGetValue<double>(out var d) ? (long)d : 0;
    }
}
