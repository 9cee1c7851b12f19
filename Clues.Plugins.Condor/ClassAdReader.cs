namespace Clues.Plugins.Condor;

/// <summary>
/// Reads the ClassAds HTCondor prints, in both of its text forms, in one linear pass:
/// <list type="bullet">
/// <item>the "old" form of <c>condor_status -long</c> and <c>condor_q -long</c>: one <c>Name = expression</c> per line,
/// ads separated by blank lines (<c>condor_q -global</c>'s <c>-- Schedd: ...</c> banners and its
/// <c>All queues are empty</c> are skipped);</item>
/// <item>the "new" form of <c>-long:new</c> and of CLUES' test fixtures (what <c>classad.parse</c> reads):
/// <c>[ Name = expression; ... ]</c>, expressions holding strings, lists and nested ads.</item>
/// </list>
/// </summary>
internal static class ClassAdReader
{
    /// <summary>More attributes than this in one ad is not HTCondor output (a startd ad has a few hundred).</summary>
    public const int MaxAttributes = 10_000;

    /// <summary>The ads in <paramref name="output"/>, in order.</summary>
    /// <param name="output">The command's output.</param>
    /// <param name="source">The command, for error messages.</param>
    /// <exception cref="CondorFormatException">A line or expression that is not ClassAd syntax, naming its line.</exception>
    public static IReadOnlyList<ClassAd> Read(string output, string source)
    {
        ArgumentNullException.ThrowIfNull(output);
        var first = output.AsSpan().TrimStart();
        return first.Length > 0 && first[0] == '[' ? ReadNew(output, source) : ReadOld(output, source);
    }

    private static List<ClassAd> ReadOld(string output, string source)
    {
        var ads = new List<ClassAd>();
        ClassAd? ad = null;
        var lineNumber = 0;
        foreach (var raw in output.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith("-- ", StringComparison.Ordinal) || line == "All queues are empty")
            {
                ad = null;
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? line[..equals].Trim() : "";
            if (!IsAttributeName(name))
            {
                throw new CondorFormatException(source, lineNumber, $"expected 'Name = value': \"{Shorten(line)}\"");
            }
            if (ad is null)
            {
                ad = new ClassAd(source, lineNumber);
                ads.Add(ad);
            }
            Add(ad, name, line[(equals + 1)..], lineNumber, source);
        }
        return ads;
    }

    private static List<ClassAd> ReadNew(string text, string source)
    {
        var ads = new List<ClassAd>();
        var scanner = new Scanner(text, source);
        while (true)
        {
            scanner.SkipSpace();
            if (scanner.AtEnd)
            {
                return ads;
            }
            scanner.Expect('[');
            var ad = new ClassAd(source, scanner.Line);
            ads.Add(ad);
            while (true)
            {
                scanner.SkipSpace();
                if (scanner.TryTake(']'))
                {
                    break;
                }
                var line = scanner.Line;
                var name = scanner.Name();
                scanner.SkipSpace();
                scanner.Expect('=');
                var expression = scanner.Expression();
                Add(ad, name, expression, line, source);
                scanner.SkipSpace();
                if (!scanner.TryTake(';'))
                {
                    scanner.SkipSpace();
                    scanner.Expect(']');
                    break;
                }
            }
        }
    }

    private static void Add(ClassAd ad, string name, string expression, int line, string source)
    {
        if (expression.Trim().Length == 0)
        {
            throw new CondorFormatException(source, line, $"{name} has no value");
        }
        ad.Set(name, expression, line);
        if (ad.Count > MaxAttributes)
        {
            throw new CondorFormatException(source, line, $"an ad with more than {MaxAttributes} attributes");
        }
    }

    internal static bool IsAttributeName(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || name.Length > 256 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
            {
                return false;
            }
        }
        return true;
    }

    private static string Shorten(string line) => line.Length > 120 ? line[..120] + "..." : line;

    /// <summary>A cursor over the new form, counting lines.</summary>
    private sealed class Scanner(string text, string source)
    {
        private int _position;

        public int Line { get; private set; } = 1;

        public bool AtEnd => _position >= text.Length;

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(text[_position]))
            {
                Advance();
            }
        }

        public bool TryTake(char c)
        {
            if (AtEnd || text[_position] != c)
            {
                return false;
            }
            Advance();
            return true;
        }

        public void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw Error(AtEnd ? $"the output ends where '{c}' was expected" : $"'{c}' expected, found '{text[_position]}'");
            }
        }

        public string Name()
        {
            var start = _position;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '_' or '.'))
            {
                _position++;
            }
            var name = text.AsSpan(start, _position - start);
            return IsAttributeName(name) ? name.ToString() : throw Error("an attribute name expected");
        }

        /// <summary>The text up to the next <c>;</c> or <c>]</c> outside strings and brackets.</summary>
        public string Expression()
        {
            var start = _position;
            var depth = 0;
            while (!AtEnd)
            {
                var c = text[_position];
                if (c == '"')
                {
                    SkipString();
                    continue;
                }
                if (depth == 0 && c is ';' or ']')
                {
                    break;
                }
                depth += c is '[' or '{' or '(' ? 1 : c is ']' or '}' or ')' ? -1 : 0;
                if (depth < 0 || depth > 64)
                {
                    throw Error("unbalanced brackets in an expression");
                }
                Advance();
            }
            if (AtEnd)
            {
                throw Error("the output ends inside an ad (no closing ']')");
            }
            return text[start.._position];
        }

        private void SkipString()
        {
            var line = Line;
            Advance();
            while (!AtEnd && text[_position] != '"')
            {
                if (text[_position] == '\\')
                {
                    Advance();
                }
                if (!AtEnd)
                {
                    Advance();
                }
            }
            if (AtEnd)
            {
                throw new CondorFormatException(source, line, "a string that is never closed");
            }
            Advance();
        }

        private void Advance()
        {
            if (text[_position] == '\n')
            {
                Line++;
            }
            _position++;
        }

        private CondorFormatException Error(string problem) => new(source, Line, problem);
    }
}
