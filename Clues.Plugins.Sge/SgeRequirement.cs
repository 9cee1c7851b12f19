namespace Clues.Plugins.Sge;

/// <summary>Builds the CLUES requirement expression of a Grid Engine job from where it may run.</summary>
/// <remarks>
/// <para>Each <c>-q</c> destination becomes <c>(("q" in queues) &amp;&amp; hostname == "h")</c> or
/// <c>(("q" in queues) &amp;&amp; ("@hg" in hostgroups))</c>; the destinations are alternatives, joined by <c>||</c>. A
/// <c>-l hostname=h</c> or <c>-l qname=q</c> request is added with <c>&amp;&amp;</c>. Without any queue the job goes
/// to <c>SGE_DEFAULT_QUEUE</c> (KEEP), and an empty default means any queue. Wildcard patterns (<c>-q '*@node*'</c>)
/// cannot be expressed and limit nothing.</para>
/// <para>FIX: CLUES quoted the names with single quotes, which its expression language rejects, so every job's
/// requirement was false; its JSV wrapper also added the <c>&amp;&amp;</c> only when the expression was still empty
/// (the inverted test), so a queue with a host gave a malformed expression; and it joined every queue, host and
/// group of a list with <c>&amp;&amp;</c>, though a job may run in any of its destinations.</para>
/// </remarks>
internal static class SgeRequirement
{
    /// <summary>The expression; empty when nothing limits where the job runs.</summary>
    public static string Build(IReadOnlyList<SgeQueueDestination> destinations, IReadOnlyList<string> hostNames, IReadOnlyList<string> queueNames,
        string defaultQueue)
    {
        var parts = new List<string>();
        if (destinations.Count > 0)
        {
            if (!destinations.Any(d => d.Unrestricted))
            {
                var alternatives = destinations.Select(Clause).Distinct(StringComparer.Ordinal).ToList();
                parts.Add(alternatives.Count == 1 ? alternatives[0] : "(" + string.Join(" || ", alternatives) + ")");
            }
        }
        else if (queueNames.Count == 0 && defaultQueue.Length > 0)
        {
            parts.Add(InQueues(defaultQueue));
        }
        parts.AddRange(AnyOf(queueNames, InQueues));
        parts.AddRange(AnyOf(hostNames, h => $"hostname == \"{h}\""));
        return string.Join(" && ", parts);
    }

    private static IEnumerable<string> AnyOf(IReadOnlyList<string> names, Func<string, string> test)
    {
        var usable = names.Where(n => !SgeNames.IsPattern(n)).Distinct(StringComparer.Ordinal).ToList();
        if (usable.Count > 0 && usable.Count == names.Count)
        {
            yield return usable.Count == 1 ? test(usable[0]) : "(" + string.Join(" || ", usable.Select(test)) + ")";
        }
    }

    private static string Clause(SgeQueueDestination destination)
    {
        var tests = new List<string>(2);
        if (destination.Queue is { } queue)
        {
            tests.Add(InQueues(queue));
        }
        if (destination.Host is { } host)
        {
            tests.Add($"hostname == \"{host}\"");
        }
        if (destination.HostGroup is { } group)
        {
            tests.Add($"(\"{group}\" in hostgroups)");
        }
        return tests.Count == 1 ? tests[0] : "(" + string.Join(" && ", tests) + ")";
    }

    // Parenthesised: in CLUES' expression language "in" takes the whole expression on its left, so
    // 'a && "q" in queues' would mean '(a && "q") in queues'.
    private static string InQueues(string queue) => $"(\"{queue}\" in queues)";
}
