using System.Globalization;

namespace Clues.Cli.CommandLine;

/// <summary>
/// The command-line grammar of CLUES' <c>clues</c> (cpyutils <c>parameters</c>), with its wording and quirks:
/// items are matched left to right, an operation swallows every token after it, an "all remaining" argument
/// swallows flags written after it (<c>nodeinfo wn1 -x</c> asks for a node named <c>-x</c>), and errors are
/// collected in the same order as the original.
/// </summary>
internal sealed class CommandLineParser
{
    private readonly IReadOnlyList<OperationSpec> _operations;

    public CommandLineParser(IReadOnlyList<OperationSpec> operations) => _operations = operations;

    public ParsedCommand Parse(IReadOnlyList<string> arguments)
    {
        var args = new List<string>(arguments);
        var errors = new List<string>();
        var help = false;
        string? operation = null;
        var values = new Dictionary<string, IReadOnlyList<object>>(StringComparer.Ordinal);
        var failed = false;
        while (args.Count > 0 && !failed)
        {
            var token = args[0];
            if (token is "-h" or "--help")
            {
                args.RemoveAt(0);
                help = true;
                continue;
            }
            var spec = _operations.FirstOrDefault(o => o.Name == token);
            if (spec is null)
            {
                errors.Add($"could not recognise parameters '{string.Join(' ', args)}'");
                failed = true;
                break;
            }
            args.RemoveAt(0);
            operation = spec.Name;
            failed = !ParseOperation(spec, args, values, errors);
            // Everything after an operation belongs to it.
            args.Clear();
        }
        return new ParsedCommand(help, operation, values, errors);
    }

    private static bool ParseOperation(OperationSpec spec, List<string> args, Dictionary<string, IReadOnlyList<object>> values, List<string> errors)
    {
        var failed = false;
        while (args.Count > 0 && !failed)
        {
            var token = args[0];
            var recognised = false;
            var named = spec.Options.FirstOrDefault(o => o.Kind != OptionKind.Argument && (o.Name == token || o.Alt == token));
            if (named is not null)
            {
                args.RemoveAt(0);
                if (named.Kind == OptionKind.Flag)
                {
                    values[named.Name] = [true];
                }
                else if (!TakeValues(named, args, values, errors, mandatory: true))
                {
                    failed = true;
                }
                recognised = true;
            }
            else
            {
                foreach (var argument in spec.Options.Where(o => o.Kind == OptionKind.Argument && !values.ContainsKey(o.Name)))
                {
                    if (TakeValues(argument, args, values, errors, argument.Mandatory))
                    {
                        recognised = true;
                        break;
                    }
                }
            }
            if (!recognised)
            {
                failed = true;
                errors.Add($"could not recognise parameters '{string.Join(' ', args)}'");
            }
        }
        foreach (var option in spec.Options.Where(o => o.Kind == OptionKind.Argument).Concat(spec.Options.Where(o => o.Kind != OptionKind.Argument)))
        {
            if (option.Mandatory && !values.ContainsKey(option.Name))
            {
                failed = true;
                errors.Add($"missing mandatory argument '{option.Name}' for '{spec.Name}'");
            }
        }
        return !failed && args.Count == 0;
    }

    // cpyutils _Parameter_base.parse: takes one value (or all remaining), casting each; a missing value is an error
    // only when mandatory, otherwise the tokens are left for the next item.
    private static bool TakeValues(OptionSpec option, List<string> args, Dictionary<string, IReadOnlyList<object>> values,
        List<string> errors, bool mandatory)
    {
        var wanted = option.AllRemaining ? -1 : 1;
        var taken = new List<object>();
        var raw = new List<string>();
        var failed = false;
        while (wanted != 0 && args.Count > 0)
        {
            var token = args[0];
            args.RemoveAt(0);
            raw.Add(token);
            if (TryCast(option, token, out var value, errors))
            {
                taken.Add(value);
            }
            else
            {
                failed = true;
            }
            wanted--;
        }
        if (wanted > 0)
        {
            if (mandatory)
            {
                errors.Add($"Not enough values for parameter '{option.Name}'");
                return false;
            }
            args.InsertRange(0, raw);
            return false;
        }
        if (failed)
        {
            return false;
        }
        values[option.Name] = taken;
        return true;
    }

    private static bool TryCast(OptionSpec option, string token, out object value, List<string> errors)
    {
        switch (option.Type)
        {
            case ValueType.Integer:
                if (long.TryParse(token.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    value = integer;
                    return true;
                }
                errors.Add($"parameter '{token}' for '{option.Name}' expected to be integer");
                break;
            case ValueType.Float:
                if (double.TryParse(token.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    value = number;
                    return true;
                }
                errors.Add($"parameter '{token}' for '{option.Name}' expected to be float");
                break;
            default:
                value = token;
                return true;
        }
        value = token;
        return false;
    }
}
