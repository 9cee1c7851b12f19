using System.Globalization;

namespace Clues.Core.Simulation;

/// <summary>
/// A parsed <c>.sim</c> trace (spec §12): machines to create before the start, and jobs submitted at given times.
/// </summary>
/// <remarks>
/// One command per line, <c>#</c> comments, fields split on <c>;</c>, lines with fewer than two fields ignored:
/// <c>;node;NAME;CORES;MEMORY;COUNT</c> (empty time: set-up), <c>T;job;SLOTS;MEMORY;SECONDS;NODECOUNT;CONTROL</c>.
/// Empty fields take CLUES' random defaults, drawn from the seeded generator so runs are reproducible.
/// FIX (spec §14 Q28): a job line with six fields works.
/// </remarks>
public sealed class SimTrace
{
    private static readonly int[] DefaultCores = [1, 2, 4, 8, 16];
    private static readonly int[] DefaultMemory = [512, 1024, 2048, 4096, 8192];

    /// <summary>Machines created before the simulation starts.</summary>
    public List<SimNode> Nodes { get; } = [];

    /// <summary>Timed job submissions, in file order.</summary>
    public List<SimJobEvent> Jobs { get; } = [];

    /// <summary>Reads a trace file.</summary>
    /// <exception cref="FormatException">A line is invalid; the message names the file and line.</exception>
    public static SimTrace Load(string path, Random random) => Parse(File.ReadAllLines(path), path, random);

    /// <summary>Parses trace lines.</summary>
    /// <exception cref="FormatException">A line is invalid; the message names the source and line.</exception>
    public static SimTrace Parse(IEnumerable<string> lines, string source, Random random)
    {
        var trace = new SimTrace();
        var lineNumber = 0;
        var jobNumber = 0;
        var started = false;
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.Split('#')[0].Trim();
            var fields = line.Split(';');
            if (fields.Length < 2)
            {
                continue;
            }
            string Where() => $"{source}:{lineNumber}";
            double? time = null;
            if (fields[0].Trim().Length > 0)
            {
                if (!int.TryParse(fields[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) || t < 0)
                {
                    throw new FormatException($"{Where()}: the time '{fields[0]}' must be a whole number of seconds");
                }
                time = t;
                started = true;
            }
            else if (started)
            {
                throw new FormatException($"{Where()}: missing time (set-up lines with an empty time must come first)");
            }

            switch (fields[1].Trim())
            {
                case "node":
                    var name = Field(fields, 2) is { Length: > 0 } n ? n : "node";
                    var cores = Number(fields, 3, "cores", Where) ?? DefaultCores[random.Next(DefaultCores.Length)];
                    var memory = Number(fields, 4, "memory", Where) ?? DefaultMemory[random.Next(DefaultMemory.Length)];
                    var count = (int)(Number(fields, 5, "count", Where) ?? 1);
                    var nodes = count == 1
                        ? [new SimNode(name, cores, memory)]
                        : Enumerable.Range(0, count).Select(i => new SimNode($"{name}{i:00}", cores, memory)).ToList();
                    if (time is not null)
                    {
                        throw new FormatException($"{Where()}: nodes can only be created at set-up (empty time)");
                    }
                    trace.Nodes.AddRange(nodes);
                    break;
                case "job":
                    if (time is null)
                    {
                        throw new FormatException($"{Where()}: a job needs a time");
                    }
                    var slots = Number(fields, 2, "slots", Where) ?? random.Next(1, 5);
                    var jobMemory = Number(fields, 3, "memory", Where) ?? random.Next(1, 4097);
                    var seconds = Number(fields, 4, "seconds", Where) ?? random.Next(1, 4097);
                    var taskCount = (int)(Number(fields, 5, "nodecount", Where) ?? 1);
                    var makeRequest = true;
                    foreach (var key in Field(fields, 6).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        makeRequest = key == "norequest" ? false
                            : throw new FormatException($"{Where()}: unknown job control key '{key}' (only 'norequest')");
                    }
                    jobNumber++;
                    trace.Jobs.Add(new SimJobEvent(time.Value, new SimJob($"job{jobNumber:0000}", slots, jobMemory, seconds, taskCount), makeRequest));
                    break;
                default:
                    throw new FormatException($"{Where()}: unknown command '{fields[1]}' (expected 'node' or 'job')");
            }
        }
        return trace;
    }

    private static string Field(string[] fields, int index) => fields.Length > index ? fields[index].Trim() : "";

    private static double? Number(string[] fields, int index, string name, Func<string> where)
    {
        var text = Field(fields, index);
        if (text.Length == 0)
        {
            return null;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new FormatException($"{where()}: {name} '{text}' is not a non-negative number");
    }
}

/// <summary>A job submission of a trace.</summary>
/// <param name="Time">Seconds from the start.</param>
/// <param name="Job">The job.</param>
/// <param name="MakeRequest">Whether the submitter asks CLUES first (like a job wrapper) or submits straight to the LRMS.</param>
public sealed record SimJobEvent(double Time, SimJob Job, bool MakeRequest);
