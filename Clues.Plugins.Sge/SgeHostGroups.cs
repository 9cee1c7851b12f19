namespace Clues.Plugins.Sge;

/// <summary>Grid Engine host groups: which groups each host belongs to (the <c>hostgroups</c> keyword).</summary>
/// <remarks>
/// The groups come from <c>qconf -shgrpl</c> and each group's hosts from <c>qconf -shgrp_resolved @group</c>, which
/// expands nested groups (FIX: CLUES read <c>qconf -shgrp</c>, whose continuation lines it lost and whose nested
/// <c>@group</c> members it took for host names).
/// </remarks>
internal sealed class SgeHostGroups
{
    /// <summary>What <c>qconf -shgrpl</c> says on standard error when there is no host group (it then exits 1).</summary>
    public const string NoneDefinedMessage = "no host group list defined";

    private readonly Dictionary<string, List<string>> _groupsOfHost = new(StringComparer.Ordinal);

    /// <summary>No host group.</summary>
    public static SgeHostGroups None { get; } = new();

    /// <summary>The groups of <paramref name="host"/>, in listing order.</summary>
    public IReadOnlyList<string> Of(string host) => _groupsOfHost.TryGetValue(host, out var groups) ? groups : [];

    /// <summary>The group names printed by <c>qconf -shgrpl</c>.</summary>
    /// <exception cref="SgeFormatException">A line is not a group name.</exception>
    public static IReadOnlyList<string> ReadList(string output, string command)
    {
        var names = new List<string>();
        foreach (var (line, number) in Lines(output))
        {
            if (!line.StartsWith('@') || !SgeNames.IsPlain(line))
            {
                throw new SgeFormatException($"'{command}' printed '{Shorten(line)}' at line {number}, which is not a host group name (@name)");
            }
            names.Add(line);
        }
        return names;
    }

    /// <summary>Adds the hosts that <c>qconf -shgrp_resolved <paramref name="group"/></c> printed.</summary>
    /// <exception cref="SgeFormatException">A word is not a host name.</exception>
    public void Add(string group, string output, string command)
    {
        foreach (var host in output.Replace("\\\n", " ", StringComparison.Ordinal).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (host == "NONE")
            {
                continue;
            }
            if (!SgeNames.IsPlain(host))
            {
                throw new SgeFormatException($"'{command}' printed '{Shorten(host)}', which is not a host name");
            }
            if (!_groupsOfHost.TryGetValue(host, out var groups))
            {
                _groupsOfHost[host] = groups = [];
            }
            if (!groups.Contains(group))
            {
                groups.Add(group);
            }
        }
    }

    private static IEnumerable<(string Line, int Number)> Lines(string output)
    {
        var number = 0;
        foreach (var raw in output.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length > 0)
            {
                yield return (line, number);
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
