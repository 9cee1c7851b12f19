using System.Globalization;
using Clues.Plugins.Sge;

namespace Clues.SgeWrapper;

/// <summary>Reads a job's JSV parameters (jsv_script_interface(3)) into what it asks of Grid Engine.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>Slots: the parallel environment's <c>pe_min</c> (what the job needs to start; <c>qstat</c> shows the same),
/// else 1. Array tasks: <c>t_min</c>..<c>t_max</c> every <c>t_step</c>, at most <c>tc</c> at once (FIX: CLUES took
/// <c>tc</c>, the concurrency limit, as the task count, and counted with true division).</item>
/// <item>Memory: <c>h_vmem</c>, else <c>s_vmem</c>, of <c>l_hard</c>; <c>l_hard</c> <c>hostname=</c> and <c>qname=</c>
/// limit where the job runs. Queues: <c>q_hard</c>, else <c>masterq</c>.</item>
/// <item>FIX: soft requests (<c>l_soft</c>, <c>q_soft</c>) are preferences, not limits: CLUES' wrapper took them as
/// limits, so a host outside a preferred queue was never powered on for the job.</item>
/// </list>
/// </remarks>
internal static class JsvJob
{
    /// <summary>Whether the job is held (<c>qsub -h</c>): it waits for a person, so nothing is powered on for it.</summary>
    public static bool IsHeld(IReadOnlyDictionary<string, string> parameters) =>
        parameters.TryGetValue("h", out var hold) && hold.Length > 0 && hold != "n";

    /// <summary>The job's request.</summary>
    /// <exception cref="FormatException">A parameter cannot be read; the message names it.</exception>
    public static SgeJobRequest Read(IReadOnlyDictionary<string, string> parameters)
    {
        string? pe = null;
        var slots = 1;
        if (parameters.TryGetValue("pe_name", out var peName) && peName.Length > 0)
        {
            pe = SgeNames.IsPlain(peName) ? peName : throw new FormatException($"pe_name '{peName}' is not a parallel environment name");
            slots = (int)Math.Min(int.MaxValue, Number(parameters, "pe_min") ?? Number(parameters, "pe_max") ?? 1);
        }
        long tasks = 1;
        if (Number(parameters, "t_max") is { } last)
        {
            tasks = SgeTaskRange.Count(Number(parameters, "t_min") ?? 1, last, Number(parameters, "t_step") ?? 1);
            if (Number(parameters, "tc") is { } concurrent and > 0)
            {
                tasks = Math.Min(tasks, concurrent);
            }
        }

        double hardVmem = 0, softVmem = 0;
        var hosts = new List<string>();
        var queues = new List<string>();
        foreach (var (name, value) in Resources(parameters.GetValueOrDefault("l_hard", "")))
        {
            switch (name)
            {
                case "h_vmem":
                    hardVmem = Memory(name, value);
                    break;
                case "s_vmem":
                    softVmem = Memory(name, value);
                    break;
                case "hostname" or "h":
                    hosts.Add(Name(name, value));
                    break;
                case "qname" or "q":
                    queues.Add(Name(name, value));
                    break;
            }
        }
        var destinations = parameters.GetValueOrDefault("q_hard") is { Length: > 0 } hard ? hard
            : parameters.GetValueOrDefault("masterq") is { Length: > 0 } master ? master : null;
        return new SgeJobRequest
        {
            Slots = Math.Max(1, slots),
            ParallelEnvironment = pe,
            ArrayTasks = Math.Max(1, tasks),
            MemoryPerSlot = hardVmem > 0 ? hardVmem : softVmem,
            Destinations = destinations is null ? [] : SgeQueueDestination.ParseList(destinations),
            HostNames = hosts,
            QueueNames = queues,
        };
    }

    private static IEnumerable<(string Name, string Value)> Resources(string list)
    {
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                yield return (item[..equals].Trim(), item[(equals + 1)..].Trim());
            }
        }
    }

    private static long? Number(IReadOnlyDictionary<string, string> parameters, string name) =>
        !parameters.TryGetValue(name, out var text) || text.Length == 0 ? null
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= SgeTaskRange.MaxTasks ? value
        : throw new FormatException($"{name} '{text}' is not a number");

    private static double Memory(string name, string value) =>
        SgeMemory.TryParse(value, out var bytes) ? bytes : throw new FormatException($"l_hard {name}={value} is not a memory size");

    private static string Name(string name, string value) =>
        SgeNames.IsPlain(value) || SgeNames.IsPlainPattern(value) ? value : throw new FormatException($"l_hard {name}={value} is not a host or queue name");
}
