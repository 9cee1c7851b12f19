using System.Globalization;

namespace Clues.Plugins.Pbs;

/// <summary>
/// One part of a Torque node request (<c>-l nodes=2:ppn=4:gpu+node07</c>): a node count or a host name, then
/// <c>ppn=</c>, <c>gpus=</c> and properties, and the requirement CLUES checks against a node's keywords.
/// </summary>
/// <param name="NodeCount">How many nodes (1 for a host name).</param>
/// <param name="HostName">The node asked for by name, or null.</param>
/// <param name="ProcessorsPerNode"><c>ppn=</c>, or null.</param>
/// <param name="Gpus"><c>gpus=</c>, or null.</param>
/// <param name="Properties">The node properties asked for.</param>
internal sealed record TorqueNodeSpec(int NodeCount, string? HostName, int? ProcessorsPerNode, int? Gpus, IReadOnlyList<string> Properties)
{
    /// <summary>More nodes than this in one request is taken as a typo, not a job.</summary>
    public const int MaxNodeCount = 100_000;

    /// <summary>The default request: one node, nothing else.</summary>
    public static TorqueNodeSpec OneNode { get; } = new(1, null, null, null, []);

    /// <summary>
    /// Reads a <c>nodes</c> value: <c>spec+spec+...</c>, each <c>{count|host}[:ppn=N][:gpus=N][:property...]</c>.
    /// Other <c>name=value</c> parts (Torque's <c>:mppwidth=</c> and the like) are ignored, as CLUES did.
    /// </summary>
    /// <exception cref="FormatException">A part is empty, a count or <c>ppn</c>/<c>gpus</c> is not a positive
    /// integer, or a name holds characters a requirement cannot quote (CLUES pasted them into the expression).</exception>
    public static IReadOnlyList<TorqueNodeSpec> ParseList(string nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var specs = new List<TorqueNodeSpec>();
        foreach (var part in nodes.Split('+'))
        {
            specs.Add(Parse(part.Trim()));
        }
        return specs;
    }

    private static TorqueNodeSpec Parse(string part)
    {
        var fields = part.Split(':');
        if (fields[0].Length == 0)
        {
            throw new FormatException($"'{part}' has no node count or host name");
        }
        int count = 1;
        string? host = null;
        if (fields[0].All(char.IsAsciiDigit))
        {
            count = Positive(fields[0], "node count");
        }
        else
        {
            host = Name(fields[0], "host name");
        }
        int? ppn = null, gpus = null;
        var properties = new List<string>();
        foreach (var field in fields.Skip(1))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                properties.Add(Name(field, "property"));
                continue;
            }
            switch (field[..equals])
            {
                case "ppn":
                    ppn = Positive(field[(equals + 1)..], "ppn");
                    break;
                case "gpus":
                    gpus = Positive(field[(equals + 1)..], "gpus");
                    break;
            }
        }
        return new TorqueNodeSpec(count, host, ppn, gpus, properties);
    }

    /// <summary>
    /// The requirement on one node: <c>hostname=="h"</c>, <c>("q" in queues)</c>, <c>(["p1" , "p2"] subset properties)</c>,
    /// <c>ppn&gt;=N</c>, <c>gpus&gt;=N</c>, joined by <c>&amp;&amp;</c>; empty when nothing is asked for.
    /// </summary>
    /// <remarks>FIX: <c>in</c> and <c>subset</c> take the whole expression on their left in CLUES' language, so CLUES'
    /// <c>hostname=="h" &amp;&amp; ["q"] subset queues</c> never held; those terms are in parentheses here.</remarks>
    /// <param name="queue">The job's queue, or null/empty for none.</param>
    public string Requirement(string? queue)
    {
        var terms = new List<string>();
        if (HostName is not null)
        {
            terms.Add($"hostname==\"{HostName}\"");
        }
        if (!string.IsNullOrEmpty(queue))
        {
            terms.Add($"(\"{Name(queue, "queue")}\" in queues)");
        }
        if (Properties.Count > 0)
        {
            terms.Add("([" + string.Join(" , ", Properties.Select(p => "\"" + p + "\"")) + "] subset properties)");
        }
        if (ProcessorsPerNode is { } ppn)
        {
            terms.Add("ppn>=" + ppn.ToString(CultureInfo.InvariantCulture));
        }
        if (Gpus is { } gpus)
        {
            terms.Add("gpus>=" + gpus.ToString(CultureInfo.InvariantCulture));
        }
        return string.Join(" && ", terms);
    }

    private static int Positive(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= MaxNodeCount
            ? value
            : throw new FormatException($"{what} '{text}' is not a whole number from 1 to {MaxNodeCount}");

    private static string Name(string text, string what) =>
        text.Length > 0 && text.Length <= 255 && !text.Any(c => c is '"' or '\\' || char.IsWhiteSpace(c) || char.IsControl(c))
            ? text
            : throw new FormatException($"{what} '{text}' is empty or holds a quote, backslash, space or control character");
}
