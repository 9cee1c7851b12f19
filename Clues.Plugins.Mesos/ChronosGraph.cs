namespace Clues.Plugins.Mesos;

/// <summary>
/// Chronos' job graph (<c>GET /scheduler/graph/csv</c>): rows <c>node,&lt;job&gt;,&lt;last run&gt;,&lt;state&gt;</c> give each
/// job's current state (<c>idle</c>, <c>queued</c>, <c>running</c>…); <c>link,&lt;parent&gt;,&lt;child&gt;</c> rows are dependencies.
/// </summary>
internal sealed class ChronosGraph
{
    private readonly Dictionary<string, string> _states;

    private ChronosGraph(Dictionary<string, string> states) => _states = states;

    /// <summary>The state of <paramref name="job"/>, or null when the graph does not list it.</summary>
    public string? StateOf(string job) => _states.GetValueOrDefault(job);

    /// <summary>Reads the CSV, line by line; a job listed twice keeps its first row, as CLUES' search did.</summary>
    /// <exception cref="FormatException">A line is not a graph row, or a <c>node</c> row has fewer than four fields; the message names the line.</exception>
    public static async Task<ChronosGraph> ReadAsync(TextReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            // Only node rows carry states. CLUES read field 3 of any row naming the job, so a link row of a job
            // missing from the node rows raised an IndexError that stopped its loop.
            if (line.Length == 0 || line.StartsWith("link,", StringComparison.Ordinal))
            {
                continue;
            }
            if (!line.StartsWith("node,", StringComparison.Ordinal))
            {
                // An error page or a proxy's answer with status 200 must not read as "no job is queued".
                throw new FormatException($"line {number} '{Shorten(line)}' is neither a node nor a link row");
            }
            var fields = line.Split(',');
            if (fields.Length < 4)
            {
                throw new FormatException($"line {number} '{Shorten(line)}' is not node,<job>,<last run>,<state>");
            }
            states.TryAdd(fields[1], fields[3].Trim());
        }
        return new ChronosGraph(states);
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "...";
}
