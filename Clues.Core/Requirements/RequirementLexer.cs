using System.Globalization;

namespace Clues.Core.Requirements;

/// <summary>
/// Splits a requirement into tokens with the lexical rules of cpyutils <c>evaluate</c> (spec §2.11).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Space, tab and newline are ignored. Any other character that starts no token (a single quote, <c>#</c>,
/// a lone <c>&amp;</c> or <c>|</c>, <c>\r</c>...) is skipped, as PLY does after printing "Illegal character";
/// the port reports it as a warning instead of printing to stdout.</item>
/// <item>Strings are double-quoted with no escapes; a quote without a closing one is an illegal character.</item>
/// <item>Numbers: <c>12</c>, <c>1.5</c>, <c>1.</c>, <c>.5</c>, an optional exponent, then an optional size suffix
/// <c>kb mb gb tb pb</c> or <c>Kb Mb Gb Tb Pb</c> (× 1024^1..5). <c>1KB</c> lexes as <c>1</c> then the
/// identifier <c>KB</c>, hence a syntax error. Only ASCII digits (Python's <c>\d</c> also takes other scripts'
/// digits; no plugin emits them).</item>
/// <item>Identifiers <c>[A-Za-z_][A-Za-z0-9_]*</c>; <c>in true false not and or subset</c> are reserved in any
/// case.</item>
/// </list>
/// </remarks>
internal sealed class RequirementLexer
{
    private readonly string _source;
    private readonly int _end;
    private readonly List<string> _warnings;
    private int _pos;

    private RequirementLexer(string source, int start, int end, List<string> warnings)
    {
        _source = source;
        _pos = start;
        _end = end;
        _warnings = warnings;
    }

    /// <summary>
    /// Tokenises <c>source[start..end]</c> (positions stay relative to the whole source); the list ends with an
    /// <see cref="TokenKind.End"/> token.
    /// </summary>
    /// <exception cref="RequirementSyntaxException">A number literal overflows.</exception>
    public static List<Token> Tokenize(string source, int start, int end, List<string> warnings)
    {
        var lexer = new RequirementLexer(source, start, end, warnings);
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = lexer.Next();
            tokens.Add(token);
        }
        while (token.Kind != TokenKind.End);

        return tokens;
    }

    private Token Next()
    {
        while (_pos < _end)
        {
            var start = _pos;
            var c = _source[_pos];
            if (c is ' ' or '\t' or '\n')
            {
                _pos++;
                continue;
            }

            if (c == '"')
            {
                var close = _source.IndexOf('"', _pos + 1, _end - _pos - 1);
                if (close >= 0)
                {
                    _pos = close + 1;
                    return new Token(TokenKind.String, start, _pos - start, _source[(start + 1)..close]);
                }
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _end && char.IsAsciiDigit(_source[_pos + 1])))
            {
                return LexNumber();
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                return LexWord();
            }
            else
            {
                var kind = OperatorAt(out var length);
                if (kind is { } k)
                {
                    _pos += length;
                    return new Token(k, start, length);
                }
            }

            // Illegal character: skipped (a surrogate pair counts as one character, as in Python).
            var skip = char.IsHighSurrogate(c) && _pos + 1 < _end && char.IsLowSurrogate(_source[_pos + 1]) ? 2 : 1;
            _warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"position {start + 1}: character '{_source.Substring(start, skip)}' is not part of the language and is ignored{(c == '\'' ? " (strings take double quotes only)" : string.Empty)}"));
            _pos += skip;
        }

        return new Token(TokenKind.End, _end, 0);
    }

    private Token LexNumber()
    {
        var start = _pos;
        SkipDigits();
        if (_pos < _end && _source[_pos] == '.')
        {
            _pos++;
            SkipDigits();
        }

        // The exponent is taken only when complete: "1e" is the number 1 then the identifier e.
        if (_pos < _end && _source[_pos] is 'e' or 'E')
        {
            var afterE = _pos + 1;
            if (afterE < _end && _source[afterE] is '+' or '-')
            {
                afterE++;
            }

            if (afterE < _end && char.IsAsciiDigit(_source[afterE]))
            {
                _pos = afterE;
                SkipDigits();
            }
        }

        var numberEnd = _pos;
        var multiplier = SizeSuffixMultiplier();
        var value = double.Parse(_source.AsSpan(start, numberEnd - start), NumberStyles.Float, CultureInfo.InvariantCulture)
            * multiplier;
        if (double.IsInfinity(value))
        {
            // CLUES raises OverflowError while reducing such a literal, so the requirement can never hold.
            throw new RequirementSyntaxException(start, $"the number '{_source[start.._pos]}' is too large");
        }

        return new Token(TokenKind.Number, start, _pos - start, Number: value);
    }

    private double SizeSuffixMultiplier()
    {
        if (_pos + 1 >= _end || _source[_pos + 1] != 'b')
        {
            return 1;
        }

        double multiplier = char.ToLowerInvariant(_source[_pos]) switch
        {
            'k' => 1024d,
            'm' => 1024d * 1024,
            'g' => 1024d * 1024 * 1024,
            't' => 1024d * 1024 * 1024 * 1024,
            'p' => 1024d * 1024 * 1024 * 1024 * 1024,
            _ => 1,
        };
        if (multiplier > 1)
        {
            _pos += 2;
        }

        return multiplier;
    }

    private void SkipDigits()
    {
        while (_pos < _end && char.IsAsciiDigit(_source[_pos]))
        {
            _pos++;
        }
    }

    private Token LexWord()
    {
        var start = _pos;
        while (_pos < _end && (char.IsAsciiLetterOrDigit(_source[_pos]) || _source[_pos] == '_'))
        {
            _pos++;
        }

        var word = _source[start.._pos];
        var kind = word.ToLowerInvariant() switch
        {
            "in" => TokenKind.In,
            "true" => TokenKind.True,
            "false" => TokenKind.False,
            "not" => TokenKind.Not,
            "and" => TokenKind.AndWord,
            "or" => TokenKind.OrWord,
            "subset" => TokenKind.Subset,
            _ => TokenKind.Identifier,
        };
        return new Token(kind, start, _pos - start, word);
    }

    // Longest operator first, as PLY orders string-defined tokens by decreasing regex length; '!' is a PLY
    // literal, tried last, so "!=" wins over "!".
    private TokenKind? OperatorAt(out int length)
    {
        length = 2;
        var next = _pos + 1 < _end ? _source[_pos + 1] : '\0';
        switch (_source[_pos], next)
        {
            case ('&', '&'): return TokenKind.AndAnd;
            case ('|', '|'): return TokenKind.OrOr;
            case ('=', '='): return TokenKind.Equal;
            case ('!', '='): return TokenKind.NotEqual;
            case ('<', '='): return TokenKind.LessOrEqual;
            case ('>', '='): return TokenKind.GreaterOrEqual;
        }

        length = 1;
        return _source[_pos] switch
        {
            ';' => TokenKind.Semicolon,
            '=' => TokenKind.Assign,
            '+' => TokenKind.Plus,
            '-' => TokenKind.Minus,
            '*' => TokenKind.Times,
            '/' => TokenKind.Divide,
            '(' => TokenKind.LeftParen,
            ')' => TokenKind.RightParen,
            ',' => TokenKind.Comma,
            '[' => TokenKind.LeftBracket,
            ']' => TokenKind.RightBracket,
            '<' => TokenKind.Less,
            '>' => TokenKind.Greater,
            '!' => TokenKind.Bang,
            _ => null,
        };
    }
}
