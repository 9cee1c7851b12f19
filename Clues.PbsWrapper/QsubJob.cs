using System.Globalization;
using Clues.Core.Model;
using Clues.Plugins.Pbs;

namespace Clues.PbsWrapper;

/// <summary>
/// What a job being submitted with qsub asks for: the <c>-l</c>, <c>-q</c> and <c>-t</c> options of the script's
/// directives (<c>#PBS</c>, or the prefix given with <c>-C</c>) and of qsub's command line, the command line winning.
/// </summary>
/// <remarks>
/// As Torque reads them, directives end at the script's first line that is neither blank nor a comment (FIX: CLUES read
/// the whole script); one directive line may hold several options (<c>#PBS -q batch -l nodes=2</c>), and an option's
/// value may follow it or be attached (<c>-lnodes=2</c>). For each <c>-l</c> resource the last value wins (FIX: CLUES
/// added every node request it saw and multiplied their counts). The resources are read by
/// <see cref="TorqueRequest"/>, as the PBS plugin reads a queued job.
/// </remarks>
internal sealed class QsubJob
{
    /// <summary>The directive prefix when qsub is not given <c>-C</c>.</summary>
    public const string DefaultPrefix = "#PBS";

    private readonly Dictionary<string, string> _resources = new(StringComparer.Ordinal);
    private string? _queue;
    private string? _array;

    /// <summary>Reads the job from the script and qsub's arguments.</summary>
    /// <param name="script">The job script (only its directive lines are read).</param>
    /// <param name="arguments">qsub's arguments, as the submit filter receives them.</param>
    public static QsubJob Read(string script, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(arguments);
        var job = new QsubJob();
        var prefix = DefaultPrefix;
        for (var i = 0; i + 1 < arguments.Count; i++)
        {
            if (arguments[i] == "-C")
            {
                prefix = arguments[i + 1];
            }
        }
        if (prefix.Length > 0)
        {
            foreach (var raw in script.Split('\n'))
            {
                var line = raw.TrimEnd('\r');
                var text = line.TrimStart();
                if (text.Length > 0 && text[0] != '#')
                {
                    break; // the first command: Torque reads no directive after it
                }
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    job.ReadOptions(line[prefix.Length..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                }
            }
        }
        job.ReadOptions(arguments);
        return job;
    }

    /// <summary>The queue (<c>-q queue</c> or <c>-q queue@server</c>), or null.</summary>
    public string? Queue => _queue;

    /// <summary>The <c>-l</c> resource <paramref name="name"/>, or null.</summary>
    public string? Resource(string name) => _resources.GetValueOrDefault(name);

    /// <summary>
    /// How many sub-jobs of an array (<c>-t 1-10,15</c>) may run at once: the indices, or the limit after <c>%</c> when
    /// smaller; 1 for a plain job.
    /// </summary>
    /// <exception cref="FormatException">The <c>-t</c> value cannot be read.</exception>
    public int ArrayCopies()
    {
        if (_array is null)
        {
            return 1;
        }
        var percent = _array.IndexOf('%', StringComparison.Ordinal);
        long count = 0;
        foreach (var part in (percent < 0 ? _array : _array[..percent]).Split(','))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var first = Index(dash < 0 ? part : part[..dash]);
            var last = dash < 0 ? first : Index(part[(dash + 1)..]);
            count += last >= first ? last - first + 1 : throw new FormatException($"-t {_array}: {part} is not an index range");
        }
        if (percent >= 0)
        {
            count = Math.Min(count, Index(_array[(percent + 1)..]));
        }
        return (int)Math.Clamp(count, 1, TorqueNodeSpec.MaxNodeCount);

        long Index(string text) => long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value < int.MaxValue
            ? value
            : throw new FormatException($"-t {_array}: '{text}' is not an index");
    }

    /// <summary>The request for CLUES.</summary>
    /// <exception cref="FormatException">A value that cannot be read, naming it.</exception>
    public Resources ToResources() =>
        TorqueRequest.From(Resource("nodes"), Queue, Resource("mem"), Resource("pmem"), ArrayCopies());

    private void ReadOptions(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.StartsWith('#'))
            {
                return; // a comment after the directive's options
            }
            if (token.Length < 2 || token[0] != '-' || token[1] is not ('l' or 'q' or 't'))
            {
                continue;
            }
            string value;
            if (token.Length > 2)
            {
                value = token[2..];
            }
            else if (i + 1 < tokens.Count)
            {
                value = tokens[++i];
            }
            else
            {
                continue;
            }
            switch (token[1])
            {
                case 'l':
                    foreach (var resource in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var equals = resource.IndexOf('=', StringComparison.Ordinal);
                        if (equals > 0)
                        {
                            _resources[resource[..equals]] = resource[(equals + 1)..];
                        }
                    }
                    break;
                case 'q':
                    var at = value.IndexOf('@', StringComparison.Ordinal);
                    _queue = at < 0 ? value : at == 0 ? null : value[..at];
                    break;
                default:
                    _array = value;
                    break;
            }
        }
    }
}
