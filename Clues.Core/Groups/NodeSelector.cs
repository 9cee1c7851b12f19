using Clues.Core.Model;

namespace Clues.Core.Groups;

/// <summary>
/// The nodes a group names in <c>NODES</c>: node names, Slurm host lists (<c>gpu-[01-08]</c>) and glob patterns
/// (<c>gpu-*</c>, <c>wn?</c>), separated by spaces or commas.
/// </summary>
/// <remarks>
/// Names and host lists are known before any node is seen, so <c>clues-host check</c> can tell that two groups
/// name the same node; a pattern is matched against the names the LRMS reports.
/// </remarks>
public sealed class NodeSelector
{
    private readonly HashSet<string> _names;
    private readonly string[] _patterns;

    private NodeSelector(string text, HashSet<string> names, string[] patterns)
    {
        Text = text;
        _names = names;
        _patterns = patterns;
    }

    /// <summary>The longest glob pattern accepted.</summary>
    public const int MaxPatternLength = 255;

    /// <summary>The value as written.</summary>
    public string Text { get; }

    /// <summary>The node names written out or expanded from host lists.</summary>
    public IReadOnlyCollection<string> Names => _names;

    /// <summary>The glob patterns (<c>*</c> any run of characters, <c>?</c> one character).</summary>
    public IReadOnlyList<string> Patterns => _patterns;

    /// <summary>Parses a <c>NODES</c> value.</summary>
    /// <exception cref="FormatException">An empty value, or a host list that does not expand (unbalanced brackets, bad range, too many names).</exception>
    public static NodeSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var patterns = new List<string>();
        foreach (var token in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            // HostList splits at the commas outside brackets and expands the ranges; a glob passes through as one name.
            foreach (var name in HostList.Expand(token))
            {
                if (name.AsSpan().IndexOfAny('*', '?') >= 0)
                {
                    // Host names are at most 253 characters; the bound keeps comparing two patterns cheap.
                    patterns.Add(name.Length <= MaxPatternLength
                        ? name
                        : throw new FormatException($"pattern '{name[..40]}...' is longer than {MaxPatternLength} characters"));
                }
                else if (names.Count >= HostList.MaxNames)
                {
                    throw new FormatException($"'{(text.Length > 80 ? text[..80] + "..." : text)}' names more than {HostList.MaxNames} nodes");
                }
                else
                {
                    names.Add(name);
                }
            }
        }
        if (names.Count == 0 && patterns.Count == 0)
        {
            throw new FormatException("no node: list node names, host lists such as gpu-[01-08], or patterns such as gpu-*");
        }
        return new NodeSelector(text.Trim(), names, [.. patterns.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>Whether <paramref name="node"/> is one of the names or matches one of the patterns.</summary>
    public bool Matches(string node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (_names.Contains(node))
        {
            return true;
        }
        foreach (var pattern in _patterns)
        {
            if (Glob(pattern, node))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A name that both this selector and <paramref name="other"/> select, or null when no name can be in both: names are
    /// compared with names and patterns, and two patterns with each other (<see cref="GlobIntersection"/>), so an
    /// overlap is found before any node is seen.
    /// </summary>
    public NodeOverlap? FindOverlap(NodeSelector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var (fewer, more) = _names.Count <= other._names.Count ? (_names, other._names) : (other._names, _names);
        foreach (var name in fewer.Order(StringComparer.Ordinal))
        {
            if (more.Contains(name))
            {
                return new NodeOverlap(name, null, null);
            }
        }
        foreach (var name in _names.Order(StringComparer.Ordinal))
        {
            if (other._patterns.FirstOrDefault(p => Glob(p, name)) is { } theirs)
            {
                return new NodeOverlap(name, null, theirs);
            }
        }
        foreach (var pattern in _patterns)
        {
            if (other._names.Order(StringComparer.Ordinal).FirstOrDefault(n => Glob(pattern, n)) is { } name)
            {
                return new NodeOverlap(name, pattern, null);
            }
        }
        foreach (var pattern in _patterns)
        {
            foreach (var theirs in other._patterns)
            {
                if (GlobIntersection.CommonName(pattern, theirs) is { } name)
                {
                    return new NodeOverlap(name, pattern, theirs);
                }
            }
        }
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>
    /// Whether <paramref name="text"/> matches <paramref name="pattern"/>; backtracks only to the last <c>*</c>, so the
    /// cost is at most the product of the two lengths (both short node names).
    /// </summary>
    internal static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
