namespace Clues.Host.Commands;

/// <summary>The small option parser shared by the host's commands: <c>--name value</c>, <c>--name=value</c>, flags and positionals.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];

    private CommandLine()
    {
    }

    public IReadOnlyList<string> Positionals => _positionals;

    /// <summary>Parses arguments; <paramref name="valued"/> are the options that take a value.</summary>
    public static CommandLine Parse(IEnumerable<string> args, IReadOnlySet<string> valued, IReadOnlySet<string> flags)
    {
        var result = new CommandLine();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal) && arg != "-h")
            {
                result._positionals.Add(arg);
                continue;
            }
            var eq = arg.IndexOf('=');
            var name = eq > 0 ? arg[..eq] : arg;
            if (flags.Contains(name))
            {
                result._options[name] = null;
            }
            else if (valued.Contains(name))
            {
                var value = eq > 0 ? arg[(eq + 1)..] : e.MoveNext() ? e.Current : throw new ArgumentException($"{name} needs a value");
                result._options[name] = value;
            }
            else
            {
                throw new ArgumentException($"unknown option '{arg}'");
            }
        }
        return result;
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Value(string name) => _options.GetValueOrDefault(name);
}
