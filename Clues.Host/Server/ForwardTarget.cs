using System.Text;
using Clues.Core.HighAvailability;
using Microsoft.AspNetCore.Http;

namespace Clues.Host.Server;

/// <summary>
/// Where a standby sends a call on: the active one's advertised address from the lease, followed by the call's path
/// and query. The active one's server decodes the target to the same path as this one did, and the target never
/// leaves the address's path.
/// </summary>
/// <remarks>
/// The path is encoded again from what this server decoded (dot segments already removed), not copied from the raw
/// request line: a double-encoded <c>%252e%252e</c> reaches the active one as the literal <c>%2e%2e</c> it was here,
/// never as <c>..</c>. Kestrel leaves <c>%2F</c> encoded in a path, so that one sequence is kept as it is.
/// </remarks>
internal static class ForwardTarget
{
    /// <summary>
    /// The address of the active one as a base to forward to, or the reason it is not one: the lease's address must
    /// be what <c>HA_ADVERTISE_URL</c> accepts, with the scheme of this process's own address (a pair served over
    /// https never sends its secret over plain http).
    /// </summary>
    public static bool TryGetBase(string leaseAddress, Uri ownAddress, out Uri? baseAddress, out string problem)
    {
        baseAddress = null;
        if (HighAvailabilityOptions.AddressProblem(leaseAddress) is { } wrong)
        {
            problem = $"the address in the lease, '{leaseAddress}', is not {wrong}";
            return false;
        }
        var uri = new Uri(leaseAddress, UriKind.Absolute);
        if (!string.Equals(uri.Scheme, ownAddress.Scheme, StringComparison.Ordinal))
        {
            problem = $"the address in the lease, '{leaseAddress}', is not {ownAddress.Scheme}:// as this clues-host's own address {ownAddress} is";
            return false;
        }
        baseAddress = uri;
        problem = "";
        return true;
    }

    /// <summary>
    /// The target of <paramref name="request"/> on <paramref name="baseAddress"/>, or null if its path has a dot
    /// segment left (this server removes them; one left is a request crafted to climb out of the address's path).
    /// </summary>
    public static Uri? For(Uri baseAddress, HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (path.Split('/').Any(segment => segment is "." or ".."))
        {
            return null;
        }
        var target = new StringBuilder(baseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        AppendPath(target, path.Length == 0 ? "/" : path);
        AppendQuery(target, request.QueryString.Value ?? "");
        // Sent exactly as built: no second round of unescaping or dot-segment removal by Uri.
        return new Uri(target.ToString(), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
    }

    private static void AppendPath(StringBuilder target, string path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '%' && i + 2 < path.Length && path[i + 1] == '2' && path[i + 2] is 'F' or 'f')
            {
                target.Append(path, i, 3);
                i += 2;
            }
            else if (IsPathCharacter(c))
            {
                target.Append(c);
            }
            else
            {
                AppendEscaped(target, path, ref i);
            }
        }
    }

    // The query is sent on as the client wrote it (this server did not decode it); only what may not stand in a
    // request line is escaped.
    private static void AppendQuery(StringBuilder target, string query)
    {
        for (var i = 0; i < query.Length; i++)
        {
            var c = query[i];
            if (IsPathCharacter(c) || c is '?' or '%')
            {
                target.Append(c);
            }
            else
            {
                AppendEscaped(target, query, ref i);
            }
        }
    }

    // RFC 3986 pchar without '%': unreserved, sub-delims, ':', '@', and '/' between segments.
    private static bool IsPathCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ','
            or ';' or '=' or ':' or '@' or '/';

    private static void AppendEscaped(StringBuilder target, string text, ref int i)
    {
        var length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
        Span<byte> bytes = stackalloc byte[8];
        var count = Encoding.UTF8.GetBytes(text.AsSpan(i, length), bytes);
        foreach (var b in bytes[..count])
        {
            target.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        i += length - 1;
    }
}
