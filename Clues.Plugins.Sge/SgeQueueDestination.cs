namespace Clues.Plugins.Sge;

/// <summary>One entry of a <c>wc_queue_list</c> (sge_types(1)), as given to <c>qsub -q</c>: <c>queue</c>,
/// <c>queue@host</c> or <c>queue@@hostgroup</c>; any part may be a wildcard pattern.</summary>
/// <param name="Queue">The queue, or null for any (<c>*</c>, a pattern, or nothing before the <c>@</c>).</param>
/// <param name="Host">The host, or null for any.</param>
/// <param name="HostGroup">The host group with its <c>@</c> (<c>@allhosts</c>), or null for any.</param>
internal sealed record SgeQueueDestination(string? Queue, string? Host, string? HostGroup)
{
    /// <summary>Whether the entry limits nothing (every part is a pattern or absent).</summary>
    public bool Unrestricted => Queue is null && Host is null && HostGroup is null;

    /// <summary>Reads a comma-separated <c>wc_queue_list</c>.</summary>
    /// <exception cref="FormatException">An entry is empty or has a name with a quote, space or backslash.</exception>
    public static IReadOnlyList<SgeQueueDestination> ParseList(string list)
    {
        var entries = new List<SgeQueueDestination>();
        foreach (var raw in list.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0)
            {
                throw new FormatException($"the queue list '{list}' has an empty entry");
            }
            var groupAt = raw.IndexOf("@@", StringComparison.Ordinal);
            var hostAt = groupAt >= 0 ? -1 : raw.IndexOf('@', StringComparison.Ordinal);
            var queue = groupAt >= 0 ? raw[..groupAt] : hostAt >= 0 ? raw[..hostAt] : raw;
            var host = hostAt >= 0 ? raw[(hostAt + 1)..] : null;
            var group = groupAt >= 0 ? raw[(groupAt + 1)..] : null;
            entries.Add(new SgeQueueDestination(Name(queue, raw), host is null ? null : Name(host, raw), group is null ? null : Name(group, raw)));
        }
        return entries;
    }

    // A name the requirement can test, or null when the part limits nothing a CLUES requirement can express.
    private static string? Name(string part, string entry)
    {
        if (part.Length == 0)
        {
            return null;
        }
        if (SgeNames.IsPlain(part))
        {
            return part;
        }
        return SgeNames.IsPlainPattern(part)
            ? null
            : throw new FormatException($"'{entry}' is not a queue destination (queue, queue@host or queue@@hostgroup)");
    }
}
