using System.Xml.Linq;

namespace Clues.Plugins.Sge;

/// <summary>Reads <c>qhost -xml -q</c>: every <c>&lt;host&gt;</c> but <c>global</c>, with its queue instances.</summary>
/// <remarks>
/// <para>Powered on (KEEP): the host reports a load average (<c>load_avg</c> is not <c>-</c>) and no queue instance is
/// in the unknown state <c>u</c> (CLUES tested <c>au</c>; an execution daemon that went down shows <c>u</c> alone).</para>
/// <para>Memory: <c>mem_total</c> and <c>mem_total − mem_used</c> in bytes (<see cref="SgeMemory"/>). FIX: a host whose
/// total is not known (<c>-</c>: it has not reported since the qmaster started) has -1 (unknown), not 0, so a job that
/// asks for memory can still power it on.</para>
/// </remarks>
internal static class SgeHostReader
{
    /// <summary>The hosts, in Grid Engine's order.</summary>
    /// <exception cref="SgeFormatException">Not the XML of <c>qhost -xml -q</c>, a bad number, or a host listed twice.</exception>
    public static IReadOnlyList<SgeHost> Read(string output, string command)
    {
        var root = SgeXml.Parse(output, command, "qhost");
        var hosts = new List<SgeHost>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in root.Elements("host"))
        {
            var name = SgeXml.RequireAttribute(command, element, "name");
            if (name == "global")
            {
                continue;
            }
            if (!SgeNames.IsPlain(name))
            {
                throw SgeXml.Error(command, element, $"'{name}' is not a host name");
            }
            if (!names.Add(name))
            {
                throw SgeXml.Error(command, element, $"host {name} is listed twice");
            }
            var values = SgeXml.NamedValues(element, "hostvalue");
            var load = values.GetValueOrDefault("load_avg", "-");
            var total = Memory(command, element, "mem_total", values.GetValueOrDefault("mem_total", "-"), -1);
            var used = Memory(command, element, "mem_used", values.GetValueOrDefault("mem_used", "-"), 0);
            var queues = element.Elements("queue").Select(q => Queue(command, q)).ToList();
            hosts.Add(new SgeHost(name, load is not ("-" or ""), total, used, queues));
        }
        return hosts;
    }

    private static SgeQueueInstance Queue(string command, XElement element)
    {
        var name = SgeXml.RequireAttribute(command, element, "name");
        if (!SgeNames.IsPlain(name))
        {
            throw SgeXml.Error(command, element, $"'{name}' is not a queue name");
        }
        var values = SgeXml.NamedValues(element, "queuevalue");
        int Count(string field) => values.TryGetValue(field, out var text) ? SgeXml.RequireCount(command, element, $"{name} {field}", text) : 0;
        return new SgeQueueInstance(name, Count("slots"), Count("slots_used"), Count("slots_resv"), values.GetValueOrDefault("state_string", ""));
    }

    private static double Memory(string command, XElement host, string field, string text, double unknown)
    {
        if (text is "-" or "")
        {
            return unknown;
        }
        return SgeMemory.TryParse(text, out var bytes) ? bytes : throw SgeXml.Error(command, host, $"{field} '{text}' is not a memory size");
    }
}
