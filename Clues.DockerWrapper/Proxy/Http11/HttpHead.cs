using System.Text;

namespace Clues.DockerWrapper.Proxy.Http11;

/// <summary>
/// The start line and header fields of one HTTP/1.1 message, kept as received so that a pass-through
/// forwards them byte for byte.
/// </summary>
internal sealed class HttpHead
{
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

    /// <summary>How the body of this request is delimited.</summary>
    public BodyFraming RequestFraming()
    {
        if (HasToken("Transfer-Encoding", "chunked"))
        {
            return BodyFraming.Chunked;
        }
        return ContentLength() is > 0 ? BodyFraming.ContentLength : BodyFraming.None;
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
    public long? ContentLength() =>
        long.TryParse(Get("Content-Length"), out var length) && length >= 0 ? length : null;

    /// <summary>The same request with another target (used to point a job's container path at its real container).</summary>
    public HttpHead WithTarget(string target)
    {
        var text = Encoding.Latin1.GetString(Raw);
        var lineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
        var rebuilt = $"{StartLine[0]} {target} {StartLine[2]}" + text[lineEnd..];
        return Parse(Encoding.Latin1.GetBytes(rebuilt))!;
    }

    /// <summary>Parses a head (everything up to and including the empty line); null when it is not HTTP/1.x.</summary>
    public static HttpHead? Parse(byte[] raw)
    {
        var text = Encoding.Latin1.GetString(raw);
        var lines = text.Split("\r\n");
        var start = lines[0].Split(' ', 3);
        if (start.Length < 2)
        {
            return null;
        }
        if (start.Length == 2)
        {
            start = [start[0], start[1], ""];
        }
        var isResponse = start[0].StartsWith("HTTP/1.", StringComparison.Ordinal);
        if (!isResponse && !start[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return null;
        }
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                return null;
            }
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return new HttpHead(raw, start, headers);
    }
}
