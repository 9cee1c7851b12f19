using System.Text;
using System.Text.RegularExpressions;

namespace Clues.DockerWrapper.Routing;

/// <summary>
/// A request target in the one form the wrapper routes on and forwards: percent escapes decoded and re-encoded
/// only where needed, dot segments resolved, repeated and trailing slashes dropped, the <c>/v1.xx</c> prefix in
/// lower case. The engine decodes paths before matching them (<c>/containers/%63reate</c> is a create there), so
/// routing on anything else would let a job submission slip past the queue.
/// </summary>
/// <param name="Target">The canonical target, path and query, as it is forwarded.</param>
/// <param name="Segments">The decoded path segments after the version prefix.</param>
/// <param name="Query">The query without <c>?</c>, as received (empty when none).</param>
internal sealed partial record RequestTarget(string Target, IReadOnlyList<string> Segments, string Query)
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical path without the version prefix.</summary>
    public string Path => "/" + string.Join('/', Segments.Select(Encode));

    /// <summary>Normalises an origin-form target (<c>/path?query</c>).</summary>
    /// <exception cref="InvalidDataException">
    /// Not origin-form (absolute URL, <c>*</c>), a fragment, a broken escape, or an escape the engine could read
    /// otherwise than the wrapper: an encoded <c>/</c> or <c>\</c>, a control character, bytes that are not UTF-8.
    /// </exception>
    public static RequestTarget Parse(string target)
    {
        if (!target.StartsWith('/') || target.Contains('#'))
        {
            throw new InvalidDataException($"request target '{Shorten(target)}' is not a path (origin form, no fragment)");
        }
        var queryAt = target.IndexOf('?');
        var rawPath = queryAt >= 0 ? target[..queryAt] : target;
        var query = queryAt >= 0 ? target[(queryAt + 1)..] : "";
        var segments = new List<string>();
        foreach (var raw in rawPath.Split('/'))
        {
            var segment = Decode(raw, target);
            switch (segment)
            {
                case "" or ".":
                    break;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }
                    break;
                default:
                    segments.Add(segment);
                    break;
            }
        }
        var version = "";
        if (segments.Count > 0 && VersionSegment().IsMatch(segments[0]))
        {
            version = "/" + segments[0].ToLowerInvariant();
            segments.RemoveAt(0);
        }
        var path = version + "/" + string.Join('/', segments.Select(Encode));
        return new RequestTarget(queryAt >= 0 ? path + "?" + query : path, segments, query);
    }

    private static string Decode(string raw, string target)
    {
        if (!raw.Contains('%'))
        {
            return raw;
        }
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '%')
            {
                bytes.Add((byte)raw[i]);
                continue;
            }
            if (i + 2 >= raw.Length || !byte.TryParse(raw.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b))
            {
                throw new InvalidDataException($"request target '{Shorten(target)}' has a broken percent escape");
            }
            if (b is (byte)'/' or (byte)'\\' or < 0x20 or 0x7f)
            {
                throw new InvalidDataException($"request target '{Shorten(target)}' encodes '/', '\\' or a control character in its path, which is ambiguous");
            }
            bytes.Add(b);
            i += 2;
        }
        try
        {
            return s_strictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException($"request target '{Shorten(target)}' decodes to bytes that are not UTF-8");
        }
    }

    /// <summary>Percent-encodes what a path segment may not carry literally (RFC 3986 pchar).</summary>
    private static string Encode(string segment)
    {
        var builder = new StringBuilder(segment.Length);
        foreach (var b in Encoding.UTF8.GetBytes(segment))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || "-._~!$&'()*+,;=:@".Contains((char)b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";

    /// <summary>The engine's own version prefix pattern (<c>/v{version:[0-9.]+}</c>), in any case.</summary>
    [GeneratedRegex(@"^[vV][0-9.]+$")]
    private static partial Regex VersionSegment();
}
