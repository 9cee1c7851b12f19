using System.Globalization;
using System.IO.Compression;

namespace Clues.Core.Simulation;

/// <summary>
/// Reads a workload log in the Standard Workload Format (SWF, Parallel Workloads Archive) as a simulator trace:
/// identical machines, and one job per line with one task per processor, each asking CLUES first like a job wrapper.
/// </summary>
/// <remarks>
/// A line is 18 whitespace-separated numbers (<c>-1</c> = unknown); <c>;</c> lines are the header, whose
/// <c>MaxNodes</c> and <c>MaxProcs</c> give the default cluster size. Fields read: 1 job number, 2 submit time,
/// 4 run time, 5 allocated processors (8 requested processors when unknown), 10 requested memory in KB per
/// processor (7 used memory when unknown; none when both are). A job whose run time or processor count is unknown
/// cannot be replayed and is skipped (counted in <see cref="SwfLoad.Skipped"/>).
/// </remarks>
public static class SwfTrace
{
    private const int FieldCount = 18;

    /// <summary>Whether <paramref name="path"/> names an SWF file (<c>.swf</c> or <c>.swf.gz</c>).</summary>
    public static bool IsSwf(string path) =>
        path.EndsWith(".swf", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".swf.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads an SWF file, gzip-compressed or not.</summary>
    /// <exception cref="FormatException">A line or a header value is invalid; the message names the file and line.</exception>
    public static SwfLoad Load(string path, SwfOptions options)
    {
        using var file = File.OpenRead(path);
        using var input = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        using var reader = new StreamReader(input);
        return Parse(Lines(reader), path, options);
    }

    /// <summary>Parses SWF lines.</summary>
    /// <exception cref="FormatException">A line or a header value is invalid; the message names the source and line.</exception>
    public static SwfLoad Parse(IEnumerable<string> lines, string source, SwfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int? maxNodes = null, maxProcs = null;
        var jobs = new List<SimJobEvent>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var skipped = 0;
        var lineNumber = 0;
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (line[0] == ';')
            {
                maxNodes ??= HeaderValue(line, "MaxNodes", source, lineNumber);
                maxProcs ??= HeaderValue(line, "MaxProcs", source, lineNumber);
                continue;
            }
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != FieldCount)
            {
                throw new FormatException($"{source}:{lineNumber}: {fields.Length} fields, an SWF job line has {FieldCount}");
            }
            var values = new double[FieldCount];
            for (var i = 0; i < FieldCount; i++)
            {
                if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                {
                    throw new FormatException($"{source}:{lineNumber}: field {i + 1} '{fields[i]}' is not a number");
                }
            }
            var submit = values[1];
            if (submit < 0)
            {
                throw new FormatException($"{source}:{lineNumber}: field 2 (submit time) {fields[1]} is negative");
            }
            var processors = values[4] > 0 ? values[4] : values[7];
            var runTime = values[3];
            if (processors <= 0 || runTime < 0)
            {
                skipped++;
                continue;
            }
            if (processors != Math.Floor(processors) || processors > int.MaxValue)
            {
                throw new FormatException($"{source}:{lineNumber}: {processors.ToString(CultureInfo.InvariantCulture)} processors is not a whole number");
            }
            if (submit < options.From || (options.To is { } to && submit >= to))
            {
                continue;
            }
            var name = $"job{fields[0]}";
            if (!names.Add(name))
            {
                throw new FormatException($"{source}:{lineNumber}: job number {fields[0]} appears twice");
            }
            var kilobytes = values[9] > 0 ? values[9] : values[6] > 0 ? values[6] : 0;
            jobs.Add(new SimJobEvent(submit - options.From, new SimJob(name, 1, kilobytes / 1024, runTime, (int)processors)
            {
                RequestedSeconds = values[8] > 0 ? values[8] : runTime,
            }, MakeRequest: true));
        }

        var nodes = options.Nodes ?? maxNodes
            ?? throw new FormatException($"{source}: the header has no MaxNodes; give the number of nodes (--nodes)");
        var cores = options.Cores ?? (maxProcs is { } procs && procs >= nodes ? procs / nodes : 1);
        var trace = new SimTrace();
        var width = Math.Max(2, (nodes - 1).ToString(CultureInfo.InvariantCulture).Length);
        for (var i = 0; i < nodes; i++)
        {
            trace.Nodes.Add(new SimNode($"node{i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}", cores, options.MemoryMb));
        }
        trace.Jobs.AddRange(jobs);
        return new SwfLoad(trace, skipped);
    }

    private static int? HeaderValue(string line, string key, string source, int lineNumber)
    {
        var text = line.TrimStart(';').Trim();
        if (!text.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var value = text[(key.Length + 1)..].Trim();
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new FormatException($"{source}:{lineNumber}: header {key} '{value}' is not a positive whole number");
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    private static IEnumerable<string> Lines(StreamReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}

/// <summary>How an SWF log becomes a cluster and a trace.</summary>
public sealed record SwfOptions
{
    /// <summary>Number of machines; null takes the header's <c>MaxNodes</c>.</summary>
    public int? Nodes { get; init; }

    /// <summary>Cores per machine; null takes <c>MaxProcs / MaxNodes</c> (1 when the header lacks them).</summary>
    public int? Cores { get; init; }

    /// <summary>Memory per machine, in MB.</summary>
    public double MemoryMb { get; init; } = 1024;

    /// <summary>Only jobs submitted at or after this time (seconds of the log) are replayed; times start here.</summary>
    public double From { get; init; }

    /// <summary>Only jobs submitted before this time (seconds of the log) are replayed; null = to the end.</summary>
    public double? To { get; init; }
}

/// <summary>An SWF log read as a trace.</summary>
/// <param name="Trace">The machines and the jobs to replay.</param>
/// <param name="Skipped">Jobs left out because their run time or processor count is unknown.</param>
public sealed record SwfLoad(SimTrace Trace, int Skipped);
