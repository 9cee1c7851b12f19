using System.Globalization;
using System.Text;

namespace Clues.Plugins.Im.Radl;

/// <summary>A RADL text that cannot be read; the message says where and what was expected.</summary>
internal sealed class RadlFormatException(string message) : FormatException(message);

/// <summary>
/// Reads RADL as the Infrastructure Manager writes it (<c>network</c>, <c>system</c>, <c>configure</c>,
/// <c>contextualize</c>, <c>deploy</c>, <c>description</c> sections). One pass over the text, bounded nesting: a hostile
/// server cannot make it slow.
/// </summary>
internal sealed class RadlParser
{
    /// <summary>The deepest nesting of parentheses accepted inside a section (RADL uses two or three levels).</summary>
    public const int MaxDepth = 16;

    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _next;

    private RadlParser(string text)
    {
        _text = text;
        _tokens = Tokenize(text);
    }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="RadlFormatException">The text is not RADL.</exception>
    public static RadlDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new RadlParser(text).Document();
    }

    private RadlDocument Document()
    {
        var document = new RadlDocument();
        while (Peek.Kind != TokenKind.End)
        {
            var keyword = Expect(TokenKind.Name, "a section (network, system, configure, contextualize, deploy, description)");
            switch (keyword.Text)
            {
                case "network":
                    document.Networks.Add(new RadlNetwork(Expect(TokenKind.Name, "a network id").Text));
                    if (Peek.Kind == TokenKind.Open)
                    {
                        Features();
                    }
                    break;
                case "system":
                    var name = Expect(TokenKind.Name, "a system name").Text;
                    document.Systems.Add(new RadlSystem(name, Features()));
                    break;
                case "description":
                    Expect(TokenKind.Name, "a description name");
                    Features();
                    break;
                case "configure":
                    document.Configures.Add(Configure());
                    break;
                case "contextualize":
                    Contextualize(document.ContextualizeItems);
                    break;
                case "deploy":
                    var system = Expect(TokenKind.Name, "the system to deploy").Text;
                    var count = Expect(TokenKind.Number, "the number of VMs to deploy");
                    document.Deploys.Add(new RadlDeploy(system, (int)Math.Min(int.MaxValue, count.Number)));
                    if (Peek.Kind == TokenKind.Name && !IsSection(Peek.Text))
                    {
                        _next++; // the cloud id
                    }
                    break;
                default:
                    throw Error(keyword, "a section (network, system, configure, contextualize, deploy, description)");
            }
        }
        return document;
    }

    private static bool IsSection(string word) => word is "network" or "system" or "configure" or "contextualize" or "deploy" or "description";

    private List<RadlFeature> Features()
    {
        Expect(TokenKind.Open, "'('");
        var features = new List<RadlFeature>();
        if (Peek.Kind == TokenKind.Close)
        {
            _next++;
            return features;
        }
        while (true)
        {
            features.Add(Feature(1));
            var next = Take();
            if (next.Kind == TokenKind.Close)
            {
                return features;
            }
            if (!(next.Kind == TokenKind.Name && next.Text == "and"))
            {
                throw Error(next, "'and' or ')'");
            }
        }
    }

    private RadlFeature Feature(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error(Peek, $"at most {MaxDepth} nested feature lists");
        }
        var first = Take();
        if (first.Kind == TokenKind.Name && first.Text == "soft")
        {
            Expect(TokenKind.Number, "the weight of a soft block");
            SkipNested(depth);
            return new RadlFeature("soft", "soft", null, Slice(first));
        }
        if (first.Kind != TokenKind.Name)
        {
            throw Error(first, "a feature name");
        }
        var op = Take();
        if (op.Kind == TokenKind.Name && op.Text == "contains")
        {
            SkipNested(depth);
            return new RadlFeature(first.Text, "contains", null, Slice(first));
        }
        if (op.Kind != TokenKind.Operator)
        {
            throw Error(op, "an operator (=, <, >, <=, >=, contains)");
        }
        var value = Take();
        object parsed = value.Kind switch
        {
            TokenKind.String => value.Text,
            TokenKind.Number => value.Number,
            TokenKind.Name => value.Text,
            _ => throw Error(value, "a value (a quoted string or a number)"),
        };
        return new RadlFeature(first.Text, op.Text, parsed, Slice(first));
    }

    // A nested list ( f and f ... ) whose features CLUES keeps as text.
    private void SkipNested(int depth)
    {
        Expect(TokenKind.Open, "'('");
        if (Peek.Kind == TokenKind.Close)
        {
            _next++;
            return;
        }
        while (true)
        {
            Feature(depth + 1);
            var next = Take();
            if (next.Kind == TokenKind.Close)
            {
                return;
            }
            if (!(next.Kind == TokenKind.Name && next.Text == "and"))
            {
                throw Error(next, "'and' or ')'");
            }
        }
    }

    private RadlConfigure Configure()
    {
        var name = Expect(TokenKind.Name, "a configure name").Text;
        if (Peek.Kind != TokenKind.Open)
        {
            return new RadlConfigure(name, "");
        }
        var start = Take().End;
        var depth = 1;
        while (true)
        {
            var token = Take();
            if (token.Kind == TokenKind.End)
            {
                throw Error(token, $"')' closing configure {name}");
            }
            if (token.Kind == TokenKind.Open && ++depth > MaxDepth)
            {
                throw Error(token, $"at most {MaxDepth} nested parentheses");
            }
            if (token.Kind == TokenKind.Close && --depth == 0)
            {
                return new RadlConfigure(name, _text[start..token.Start]);
            }
        }
    }

    private void Contextualize(List<RadlContextualizeItem> items)
    {
        if (Peek.Kind == TokenKind.Number)
        {
            _next++; // the maximum contextualization time
        }
        if (Peek.Kind != TokenKind.Open)
        {
            return;
        }
        _next++;
        while (true)
        {
            var token = Take();
            if (token.Kind == TokenKind.Close)
            {
                return;
            }
            if (!(token.Kind == TokenKind.Name && token.Text == "system"))
            {
                throw Error(token, "'system <name> configure <name>' or ')'");
            }
            var system = Expect(TokenKind.Name, "a system name").Text;
            var word = Expect(TokenKind.Name, "'configure'");
            if (word.Text != "configure")
            {
                throw Error(word, "'configure'");
            }
            var configure = Expect(TokenKind.Name, "a configure name").Text;
            var step = 0;
            while (Peek.Kind == TokenKind.Name && Peek.Text is "step" or "with")
            {
                var option = Take();
                if (option.Text == "step")
                {
                    step = (int)Math.Min(int.MaxValue, Expect(TokenKind.Number, "a step number").Number);
                }
                else
                {
                    Expect(TokenKind.Name, "a contextualization tool");
                }
            }
            items.Add(new RadlContextualizeItem(system, configure, step));
        }
    }

    private string Slice(Token first) => _text[first.Start.._tokens[_next - 1].End];

    private Token Peek => _tokens[_next];

    private Token Take()
    {
        var token = _tokens[_next];
        if (token.Kind != TokenKind.End)
        {
            _next++;
        }
        return token;
    }

    private Token Expect(TokenKind kind, string what)
    {
        var token = Take();
        return token.Kind == kind ? token : throw Error(token, what);
    }

    private RadlFormatException Error(Token token, string expected)
    {
        var line = 1 + _text.AsSpan(0, Math.Min(token.Start, _text.Length)).Count('\n');
        var found = token.Kind == TokenKind.End ? "the end of the text" : "'" + Shorten(token.Text) + "'";
        return new RadlFormatException($"RADL line {line}: expected {expected}, found {found}");
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;

    private enum TokenKind { Name, String, Number, Operator, Open, Close, End }

    private readonly record struct Token(TokenKind Kind, string Text, double Number, int Start, int End);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var start = i;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                // A comment runs to the end of the line.
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '@' && string.CompareOrdinal(text, i, "@begin", 0, 6) == 0)
            {
                // A recipe: kept verbatim up to @end.
                var end = text.IndexOf("@end", i + 6, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new RadlFormatException($"RADL line {1 + text.AsSpan(0, i).Count('\n')}: @begin without @end");
                }
                i = end + 4;
                tokens.Add(new Token(TokenKind.String, text[start..i], 0, start, i));
            }
            else if (c is '\'' or '"')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new RadlFormatException($"RADL line {1 + text.AsSpan(0, start).Count('\n')}: a string is not closed");
                    }
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        value.Append(text[i + 1]);
                        i += 2;
                    }
                    else if (text[i] == c)
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        value.Append(text[i++]);
                    }
                }
                tokens.Add(new Token(TokenKind.String, value.ToString(), 0, start, i));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                i++;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }
                var number = text[start..i];
                // A unit such as 512M or 20GB belongs to the number.
                while (i < text.Length && char.IsAsciiLetter(text[i]) && i - start < 64)
                {
                    i++;
                }
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    throw new RadlFormatException($"RADL line {1 + text.AsSpan(0, start).Count('\n')}: '{number}' is not a number");
                }
                tokens.Add(new Token(TokenKind.Number, text[start..i], value, start, i));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                i++;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-' or '/' or ':'))
                {
                    i++;
                }
                tokens.Add(new Token(TokenKind.Name, text[start..i], 0, start, i));
            }
            else if (c is '(' or ')')
            {
                i++;
                tokens.Add(new Token(c == '(' ? TokenKind.Open : TokenKind.Close, text[start..i], 0, start, i));
            }
            else if (c is '=' or '<' or '>')
            {
                i++;
                if (c != '=' && i < text.Length && text[i] == '=')
                {
                    i++;
                }
                tokens.Add(new Token(TokenKind.Operator, text[start..i], 0, start, i));
            }
            else if (c == ',')
            {
                i++;
            }
            else
            {
                throw new RadlFormatException($"RADL line {1 + text.AsSpan(0, start).Count('\n')}: unexpected character '{c}'");
            }
        }
        tokens.Add(new Token(TokenKind.End, "", 0, text.Length, text.Length));
        return tokens;
    }
}
