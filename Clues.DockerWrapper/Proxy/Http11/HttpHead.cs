using System.Buffers;
using System.Text;

namespace Clues.DockerWrapper.Proxy.Http11;

/// <summary>
/// The start line and header fields of one HTTP/1.1 message, kept as received so that a pass-through
/// forwards them byte for byte.
/// </summary>
internal sealed class HttpHead
{
    private static readonly SearchValues<char> s_forbiddenInLine = SearchValues.Create("\r\n\0");

    private static readonly SearchValues<char> s_tokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private HttpHead(byte[] raw, string[] startLine, List<KeyValuePair<string, string>> headers)
    {
        Raw = raw;
        StartLine = startLine;
        Headers = headers;
    }

    /// <summary>The head as received, including the final empty line.</summary>
    public byte[] Raw { get; }

    /// <summary>The three parts of the start line (method, target, version or version, status, reason).</summary>
    public IReadOnlyList<string> StartLine { get; }

    /// <summary>The header fields in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Request method (requests only).</summary>
    public string Method => StartLine[0];

    /// <summary>Request target (requests only), path and query.</summary>
    public string Target => StartLine[1];

    /// <summary>Status code (responses only).</summary>
    public int StatusCode => int.TryParse(StartLine[1], out var code) ? code : 0;

    /// <summary>The first value of a header, or null.</summary>
    public string? Get(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>True when a comma-separated header contains a token (e.g. <c>Connection: Upgrade</c>).</summary>
    public bool HasToken(string name, string token)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var part in value.Split(','))
                {
                    if (string.Equals(part.Trim(), token, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>True for a request asking to take over the connection (attach, exec start).</summary>
    public bool IsUpgradeRequest => HasToken("Connection", "Upgrade");

    /// <summary>False when either side said <c>Connection: close</c> or spoke HTTP/1.0 without keep-alive.</summary>
    public bool KeepAlive
    {
        get
        {
            var version = StartLine[0].StartsWith("HTTP/", StringComparison.Ordinal) ? StartLine[0] : StartLine[2];
            if (HasToken("Connection", "close"))
            {
                return false;
            }
            return version != "HTTP/1.0" || HasToken("Connection", "keep-alive");
        }
    }

    /// <summary>How the body of this request is delimited (RFC 9112 §6.3), refusing framing a proxy must not guess at.</summary>
    /// <exception cref="InvalidDataException">
    /// Both Transfer-Encoding and Content-Length, a transfer coding other than <c>chunked</c>, or an invalid or
    /// repeated-but-different Content-Length: the engine might read the body differently (request smuggling).
    /// </exception>
    public BodyFraming RequestFraming()
    {
        var codings = Values("Transfer-Encoding").SelectMany(v => v.Split(',')).Select(c => c.Trim()).ToList();
        var lengths = Values("Content-Length").ToList();
        if (codings.Count > 0)
        {
            if (lengths.Count > 0)
            {
                throw new InvalidDataException("both Transfer-Encoding and Content-Length in one request");
            }
            if (codings.Count != 1 || !codings[0].Equals("chunked", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"unsupported Transfer-Encoding '{string.Join(", ", codings)}' (only chunked)");
            }
            return BodyFraming.Chunked;
        }
        if (lengths.Count == 0)
        {
            return BodyFraming.None;
        }
        if (lengths.Distinct(StringComparer.Ordinal).Count() != 1 || ParseLength(lengths[0]) is not { } length)
        {
            throw new InvalidDataException($"invalid Content-Length '{string.Join(", ", lengths)}'");
        }
        return length > 0 ? BodyFraming.ContentLength : BodyFraming.None;
    }

    /// <summary>How the body of this response is delimited, given the request it answers.</summary>
    public BodyFraming ResponseFraming(string requestMethod)
    {
        var status = StatusCode;
        if (status == 101)
        {
            return BodyFraming.Upgrade;
        }
        if (requestMethod == "HEAD" || status is (>= 100 and < 200) or 204 or 304)
        {
            return BodyFraming.None;
        }
        if (HasToken("Transfer-Encoding", "chunked"))
        {
            return BodyFraming.Chunked;
        }
        var length = ContentLength();
        if (length is not null)
        {
            return length == 0 ? BodyFraming.None : BodyFraming.ContentLength;
        }
        return BodyFraming.UntilClose;
    }

    /// <summary>The Content-Length header, or null when absent or invalid.</summary>
    public long? ContentLength() => ParseLength(Get("Content-Length"));

    /// <summary>Digits only (no sign, no blanks), at most 18 of them so the value fits.</summary>
    private static long? ParseLength(string? text) =>
        text is { Length: > 0 and <= 18 } && text.All(char.IsAsciiDigit) ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;

    private IEnumerable<string> Values(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>The same request with another target (used to point a job's container path at its real container).</summary>
    public HttpHead WithTarget(string target)
    {
        var text = Encoding.Latin1.GetString(Raw);
        var lineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
        var rebuilt = $"{StartLine[0]} {target} {StartLine[2]}" + text[lineEnd..];
        return Parse(Encoding.Latin1.GetBytes(rebuilt))!;
    }

    /// <summary>Parses a head (everything up to and including the empty line); null when it is not well-formed HTTP/1.x.</summary>
    /// <remarks>
    /// Rejects what other parsers read differently (RFC 9112 §2.2, §5): a bare CR or LF, NUL, a line folded onto the
    /// previous one, blanks before a field's colon, a field name that is not a token, a request target with blanks or
    /// controls. The engine behind the wrapper must never see a header the wrapper did not.
    /// </remarks>
    public static HttpHead? Parse(byte[] raw)
    {
        var text = Encoding.Latin1.GetString(raw);
        if (!text.EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            return null;
        }
        var lines = text[..^4].Split("\r\n");
        if (lines.Any(l => l.AsSpan().IndexOfAny(s_forbiddenInLine) >= 0))
        {
            return null;
        }
        var start = lines[0].Split(' ');
        if (start.Length < 2)
        {
            return null;
        }
        var isResponse = start[0].StartsWith("HTTP/1.", StringComparison.Ordinal);
        if (isResponse)
        {
            start = start.Length == 2 ? [start[0], start[1], ""] : [start[0], start[1], string.Join(' ', start[2..])];
        }
        else if (start.Length != 3 || start[2] is not ("HTTP/1.1" or "HTTP/1.0") || !IsToken(start[0])
            || start[1].Length == 0 || start[1].Any(c => c <= ' ' || c >= '\x7f'))
        {
            return null;
        }
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':');
            if (colon <= 0 || !IsToken(line.AsSpan(0, colon)))
            {
                return null;
            }
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }
        return new HttpHead(raw, start, headers);
    }

    private static bool IsToken(ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExcept(s_tokenChars);
}
