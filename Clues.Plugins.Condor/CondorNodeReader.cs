using Clues.Core.Model;

namespace Clues.Plugins.Condor;

/// <summary>Turns the startd ads of <c>condor_status -long</c> into one CLUES node report per machine.</summary>
/// <remarks>
/// <para>FIX: CLUES made a node of every ad, named after the slot (<c>slot1@wn1</c>); a machine with several slots
/// became several nodes, none of which can be powered on or off alone. Here the slots of a machine (<c>Machine</c>,
/// else the part of <c>Name</c> after <c>@</c>) make one node:</para>
/// <list type="bullet">
/// <item>Slots: the CPUs of its static slots plus the <c>TotalSlotCpus</c> of its partitionable slots (dynamic slots
/// are carved out of those). Free: the CPUs of its unclaimed static slots plus what is left in its partitionable
/// slots (their <c>Cpus</c>).</item>
/// <item>Memory in MB, as HTCondor and CLUES count it (KEEP): likewise from <c>Memory</c> and <c>TotalSlotMemory</c>.</item>
/// <item>State: USED when a job holds part of the machine (a dynamic slot, a claimed static slot, less free than
/// total) or a slot is busy in any other way (KEEP: any <c>Activity</c> but <c>Idle</c>, such as the startd's first
/// <c>Benchmarking</c>); IDLE otherwise. A partitionable slot stays <c>Unclaimed</c>/<c>Idle</c> while dynamic slots
/// run jobs, so a machine partly in use is USED, never IDLE (grycap/clues#97).</item>
/// <item>Keywords (KEEP): <c>hostname</c> and <c>queues=["default"]</c>.</item>
/// <item>An ad without <c>Activity</c> is an error (CLUES: the whole listing failed).</item>
/// </list>
/// </remarks>
internal static class CondorNodeReader
{
    /// <summary>The queue every HTCondor node is in (CLUES has no other).</summary>
    public const string DefaultQueue = "default";

    /// <summary>The nodes, in the order their first slot is listed.</summary>
    /// <exception cref="CondorFormatException">An ad lacks its name or <c>Activity</c>, or has a bad number.</exception>
    public static IReadOnlyList<NodeInfo> Read(IReadOnlyList<ClassAd> ads)
    {
        var machines = new Dictionary<string, Machine>(StringComparer.Ordinal);
        var order = new List<Machine>();
        foreach (var ad in ads)
        {
            var name = MachineName(ad);
            if (!machines.TryGetValue(name, out var machine))
            {
                machines[name] = machine = new Machine(name);
                order.Add(machine);
            }
            machine.Add(ad);
        }
        return order.Select(m => m.ToNodeInfo()).ToList();
    }

    /// <summary>The node keywords CLUES gives every HTCondor node.</summary>
    public static Dictionary<string, KeywordValue> Keywords(string name) => new(StringComparer.Ordinal)
    {
        ["hostname"] = KeywordValue.FromString(name),
        ["queues"] = KeywordValue.FromList([KeywordValue.FromString(DefaultQueue)]),
    };

    /// <summary>The machine a slot or job host name belongs to: <c>slot1_2@wn1.example</c> → <c>wn1.example</c>.</summary>
    public static string HostOf(string slotName)
    {
        var at = slotName.LastIndexOf('@');
        return at >= 0 ? slotName[(at + 1)..] : slotName;
    }

    private static string MachineName(ClassAd ad)
    {
        var name = ad.GetString("Machine") ?? (ad.GetString("Name") is { } slot ? HostOf(slot) : null);
        return string.IsNullOrWhiteSpace(name) ? throw ad.Error("the ad starting here has neither Machine nor Name") : name;
    }

    private sealed class Machine(string name)
    {
        private double _slots, _free, _memory, _memoryFree;
        private bool _busy;

        public void Add(ClassAd ad)
        {
            var activity = ad.GetString("Activity") ?? throw ad.Error("the ad starting here has no Activity (is it a startd ad?)");
            var state = ad.GetString("State") ?? "";
            var cpus = NonNegative(ad, "Cpus") ?? 1;
            var memory = NonNegative(ad, "Memory") ?? 0;
            switch (ad.GetString("SlotType") ?? "Static")
            {
                case "Partitionable":
                    _slots += NonNegative(ad, "TotalSlotCpus") ?? cpus;
                    _memory += NonNegative(ad, "TotalSlotMemory") ?? memory;
                    _free += cpus;
                    _memoryFree += memory;
                    break;
                case "Dynamic":
                    _busy = true; // its resources are already out of the partitionable slot's Cpus and Memory
                    break;
                default:
                    _slots += cpus;
                    _memory += memory;
                    if (state == "Unclaimed")
                    {
                        _free += cpus;
                        _memoryFree += memory;
                    }
                    else
                    {
                        _busy = true;
                    }
                    break;
            }
            _busy |= activity != "Idle";
        }

        public NodeInfo ToNodeInfo()
        {
            var free = Math.Min(_free, _slots);
            var state = _busy || free < _slots ? NodeState.Used : NodeState.Idle;
            return new NodeInfo(name, _slots, free, _memory, Math.Min(_memoryFree, _memory), Keywords(name), state);
        }

        private static double? NonNegative(ClassAd ad, string attribute) => ad.Expression(attribute) is null
            ? null
            : ad.GetNumber(attribute) is { } value and >= 0 ? value : throw ad.Error($"{attribute} = {ad.Expression(attribute)} is not a number of 0 or more", attribute);
    }
}
