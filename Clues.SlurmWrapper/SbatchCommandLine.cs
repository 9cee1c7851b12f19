using System.Globalization;
using System.Text.RegularExpressions;

namespace Clues.SlurmWrapper;

/// <summary>
/// The parts of an <c>sbatch</c> command line the wrapper needs: the resources the job asks for (from the options
/// and the script's <c>#SBATCH</c> lines, the command line winning), and where the script comes from.
/// </summary>
/// <remarks>
/// FIX (spec plugins §4.2): CLUES' wrapper read only space-separated flags, ignored <c>#SBATCH</c> lines, kept
/// <c>--cpus-per-task</c> as a string, read <c>--mem 4G</c> as -1 and <c>-N 2-4</c> as -4. Here both option forms
/// (<c>--mem=4G</c>, <c>--mem 4G</c>, <c>-c4</c>, <c>-c 4</c>), unit suffixes and node ranges are understood.
/// The parser never stops a submission: what it cannot read only means the job is not announced.
/// </remarks>
internal sealed partial class SbatchCommandLine
{
    // sbatch's short options that take no value (everything else takes one).
    private const string ShortFlags = "hHkOQsuvVW";

    // sbatch's long options that take no value, or whose value is optional and only given with '='.
    private static readonly HashSet<string> s_longFlags = new(StringComparer.Ordinal)
    {
        "contiguous", "exclusive", "get-user-env", "help", "hold", "ignore-pbs", "no-kill", "no-requeue", "overcommit",
        "oversubscribe", "parsable", "propagate", "quiet", "reboot", "requeue", "spread-job", "test-only", "usage",
        "use-min-nodes", "verbose", "version", "wait", "nice",
    };

    private SbatchCommandLine(string? scriptPath, bool wraps, bool informational, IReadOnlyList<KeyValuePair<string, string>> options)
    {
        ScriptPath = scriptPath;
        Wraps = wraps;
        Informational = informational;
        Options = options;
    }

    /// <summary>The batch script file named on the command line, or null (<c>--wrap</c>, or the script on stdin).</summary>
    public string? ScriptPath { get; }

    /// <summary>True with <c>--wrap</c>: the command line is the script.</summary>
    public bool Wraps { get; }

    /// <summary>True when sbatch reads the script from standard input.</summary>
    public bool ScriptFromStandardInput => ScriptPath is null && !Wraps && !Informational;

    /// <summary>
    /// True for a call that submits nothing (<c>--help</c>, <c>--usage</c>, <c>--version</c>, <c>--test-only</c>):
    /// nothing to announce.
    /// </summary>
    public bool Informational { get; }

    /// <summary>The resource options of the command line, by canonical long name, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Options { get; }

    /// <summary>Splits sbatch's arguments into options and the script (with its own arguments, which are not read).</summary>
    public static SbatchCommandLine Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var options = ReadOptions(arguments, out var scriptIndex, out var informational, out var wraps);
        return new SbatchCommandLine(scriptIndex < 0 ? null : arguments[scriptIndex], wraps, informational, options);
    }

    /// <summary>
    /// The job's resources: the script's <c>#SBATCH</c> options (in <paramref name="script"/>, null when unknown)
    /// overridden by the command line's.
    /// </summary>
    /// <exception cref="FormatException">A resource option has a value the wrapper cannot read (the message names it).</exception>
    public SbatchJob ReadJob(string? script)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in ScriptOptions(script).Concat(Options))
        {
            values[key] = value;
        }
        var cpus = values.TryGetValue("cpus-per-task", out var c) ? Count("--cpus-per-task", c) : 1;
        var nodes = values.TryGetValue("nodes", out var n) ? MinimumNodes(n) : 1;
        var tasks = values.TryGetValue("ntasks", out var t) ? Count("--ntasks", t) : nodes;
        long memory = 0;
        if (values.TryGetValue("mem-per-cpu", out var perCpu))
        {
            memory = checked(Megabytes("--mem-per-cpu", perCpu) * cpus);
        }
        else if (values.TryGetValue("mem", out var mem))
        {
            memory = Megabytes("--mem", mem);
        }
        var partitions = values.TryGetValue("partition", out var p) ? Partitions(p) : [];
        return new SbatchJob(cpus, memory, tasks, partitions);
    }

    private static List<KeyValuePair<string, string>> ReadOptions(IReadOnlyList<string> arguments, out int scriptIndex,
        out bool informational, out bool wraps)
    {
        var options = new List<KeyValuePair<string, string>>();
        scriptIndex = -1;
        informational = false;
        wraps = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            string name;
            string? value;
            if (argument == "--")
            {
                scriptIndex = i + 1 < arguments.Count ? i + 1 : -1;
                break;
            }
            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = argument.IndexOf('=', StringComparison.Ordinal);
                name = equals < 0 ? argument[2..] : argument[2..equals];
                value = equals < 0 ? null : argument[(equals + 1)..];
                if (value is null && !s_longFlags.Contains(name))
                {
                    value = i + 1 < arguments.Count ? arguments[++i] : "";
                }
            }
            else if (argument.Length > 1 && argument[0] == '-')
            {
                var letter = argument[1];
                name = LongName(letter);
                value = ShortFlags.Contains(letter, StringComparison.Ordinal) ? null
                    : argument.Length > 2 ? argument[2..]
                    : i + 1 < arguments.Count ? arguments[++i] : "";
            }
            else
            {
                scriptIndex = i;
                break;
            }
            informational |= name is "help" or "usage" or "version" or "test-only";
            wraps |= name == "wrap";
            if (value is not null && Canonical(name) is { } resource)
            {
                options.Add(new(resource, value));
            }
        }
        return options;
    }

    // The options that size a job, by their long names and sbatch's accepted abbreviations of them.
    private static string? Canonical(string name) => name switch
    {
        "c" or "cpus-per-task" => "cpus-per-task",
        "n" or "ntasks" => "ntasks",
        "N" or "nodes" => "nodes",
        "p" or "partition" => "partition",
        "mem" => "mem",
        "mem-per-cpu" => "mem-per-cpu",
        _ => null,
    };

    private static string LongName(char letter) => letter switch
    {
        'c' => "cpus-per-task",
        'n' => "ntasks",
        'N' => "nodes",
        'p' => "partition",
        'h' => "help",
        'u' => "usage",
        'V' => "version",
        _ => letter.ToString(),
    };

    /// <summary>
    /// The options of the script's <c>#SBATCH</c> lines: as sbatch reads them, those before the first line that is
    /// neither blank nor a comment.
    /// </summary>
    private static List<KeyValuePair<string, string>> ScriptOptions(string? script)
    {
        var words = new List<string>();
        if (script is null)
        {
            return [];
        }
        foreach (var rawLine in script.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (!line.StartsWith('#'))
            {
                break;
            }
            if (!line.StartsWith("#SBATCH", StringComparison.Ordinal) || (line.Length > 7 && !char.IsWhiteSpace(line[7])))
            {
                continue;
            }
            var directive = line[7..];
            var comment = directive.IndexOf(" #", StringComparison.Ordinal);
            words.AddRange(Words(comment < 0 ? directive : directive[..comment]));
        }
        // A stray word that is not an option ends the directives' options, as on the command line.
        return ReadOptions(words, out _, out _, out _);
    }

    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Groups["q"].Success ? m.Groups["q"].Value : m.Groups["w"].Value);

    private static int Count(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new FormatException($"{option} '{value}' is not a positive whole number");

    // "-N 2", "-N 2-4" (at least 2), "-N 2-"; of a size list "2,4,8" (Slurm 23+) the first size counts.
    private static int MinimumNodes(string value)
    {
        var match = NodesPattern().Match(value);
        return match.Success
            ? Count("--nodes", match.Groups["min"].Value)
            : throw new FormatException($"--nodes '{value}' is not a node count such as 2 or 2-4");
    }

    // Slurm memory: a whole number, megabytes unless suffixed K, M, G or T.
    private static long Megabytes(string option, string value)
    {
        var match = MemoryPattern().Match(value);
        if (!match.Success || !long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            throw new FormatException($"{option} '{value}' is not a memory size such as 512, 1500M or 4G");
        }
        var unit = match.Groups["u"].Value.ToUpperInvariant() switch
        {
            "K" => 1L << 10,
            "G" => 1L << 30,
            "T" => 1L << 40,
            _ => 1L << 20,
        };
        try
        {
            return checked(amount * unit);
        }
        catch (OverflowException)
        {
            throw new FormatException($"{option} '{value}' is too large");
        }
    }

    private static List<string> Partitions(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names)
        {
            // The name goes into a CLUES expression: only what Slurm partition names use, nothing that could end the string.
            if (!PartitionPattern().IsMatch(name))
            {
                throw new FormatException($"--partition '{value}': '{name}' is not a partition name (letters, digits, '_', '-', '.')");
            }
        }
        return names.Length > 0 ? [.. names] : throw new FormatException("--partition is empty");
    }

    [GeneratedRegex(@"""(?<q>[^""]*)""|'(?<q>[^']*)'|(?<w>\S+)")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"^(?<min>\d+)(-\d*)?$|^(?<min>\d+)(,\d+)+$")]
    private static partial Regex NodesPattern();

    [GeneratedRegex(@"^(?<n>\d+)(?<u>[KkMmGgTt]?)$")]
    private static partial Regex MemoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+$")]
    private static partial Regex PartitionPattern();
}
