using System.Globalization;
using System.Text;
using Clues.Core.Http;

namespace Clues.Plugins.Mesos;

/// <summary>One HTTP GET the plugin makes: where, with which client setup, and any extra request headers.</summary>
/// <param name="Url">The absolute URL, query included.</param>
/// <param name="Client">Authentication, TLS and timeouts for <see cref="RestClientFactory"/>; its base address is the URL's origin.</param>
/// <param name="Headers">Headers given with <c>-H</c>, sent on every request (such as DC/OS's <c>Authorization: token=…</c>).</param>
internal sealed record MesosEndpoint(Uri Url, RestClientOptions Client, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>An endpoint with no authentication and the default timeout.</summary>
    public static MesosEndpoint For(Uri url, TimeSpan timeout) =>
        new(url, new RestClientOptions { BaseAddress = Origin(url), Timeout = timeout }, []);

    internal static Uri Origin(Uri url) => new(url.GetLeftPart(UriPartial.Authority) + "/");
}

/// <summary>
/// Reads CLUES' <c>MESOS_*_COMMAND</c> values (<c>/usr/bin/curl -L -X GET http://mesosserverpublic:5050/master/slaves</c>)
/// as the HTTP request they describe, so existing configuration files keep working while the plugin makes the
/// request itself (no process per call, a status code and a body that can be told apart, one timeout).
/// </summary>
/// <remarks>
/// The curl options a CLUES user would put there are understood: <c>-L -s -S -f -g</c> and <c>--compressed</c> (no
/// effect: redirects are followed and errors detected anyway), <c>-X GET</c>, <c>-u user:password</c> (basic
/// authentication), <c>-H 'Name: value'</c>, <c>-k</c>/<c>--insecure</c>, <c>--cacert</c>, <c>--cert</c>, <c>--key</c>,
/// <c>-m</c>/<c>--max-time</c> and <c>--connect-timeout</c>. A bare URL is accepted too. Anything else (another program,
/// another option, a pipe, a shell expansion) is refused with a message naming it rather than silently dropped.
/// </remarks>
internal static class CurlCommand
{
    /// <summary>What a value must look like, for configuration errors.</summary>
    public const string Expected = "a curl command with one http:// or https:// URL (such as /usr/bin/curl -L -X GET http://mesosserverpublic:5050/master/slaves) or the URL alone";

    private const string NoOpFlags = "LsSfgv";

    /// <summary>The request <paramref name="command"/> describes, or null with the reason in <paramref name="error"/>.</summary>
    public static MesosEndpoint? TryParse(string command, TimeSpan timeout, out string error)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            error = "";
            return Parse(command, timeout);
        }
        catch (FormatException ex)
        {
            error = Expected + "; " + ex.Message;
            return null;
        }
    }

    private static MesosEndpoint Parse(string command, TimeSpan timeout)
    {
        var words = Split(command);
        if (words.Count == 1 && HttpUrl(words[0]) is { } bare)
        {
            return MesosEndpoint.For(bare, timeout);
        }
        if (words.Count == 0 || Path.GetFileName(words[0]) != "curl")
        {
            throw new FormatException(words.Count == 0 ? "the value is empty" : $"'{words[0]}' is not curl");
        }
        Uri? url = null;
        string? user = null, password = null, caFile = null, certFile = null, keyFile = null;
        var insecure = false;
        var connectTimeout = TimeSpan.FromSeconds(10);
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i];
            string Value() => ++i < words.Count ? words[i] : throw new FormatException($"curl option {word} needs a value");
            switch (word)
            {
                case "--location" or "--silent" or "--show-error" or "--fail" or "--globoff" or "--compressed" or "--verbose":
                    break;
                case "-X" or "--request":
                    var method = Value();
                    if (!method.Equals("GET", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new FormatException($"only GET requests are made (found {word} {method})");
                    }
                    break;
                case "-u" or "--user":
                    var pair = Value();
                    var colon = pair.IndexOf(':', StringComparison.Ordinal);
                    (user, password) = colon < 0 ? (pair, "") : (pair[..colon], pair[(colon + 1)..]);
                    break;
                case "-H" or "--header":
                    var header = Value();
                    var separator = header.IndexOf(':', StringComparison.Ordinal);
                    if (separator <= 0)
                    {
                        throw new FormatException($"header '{header}' is not 'Name: value'");
                    }
                    headers.Add(new(header[..separator].Trim(), header[(separator + 1)..].Trim()));
                    break;
                case "-k" or "--insecure":
                    insecure = true;
                    break;
                case "--cacert":
                    caFile = Value();
                    break;
                case "-E" or "--cert":
                    certFile = Value();
                    break;
                case "--key":
                    keyFile = Value();
                    break;
                case "-m" or "--max-time":
                    timeout = Seconds(word, Value());
                    break;
                case "--connect-timeout":
                    connectTimeout = Seconds(word, Value());
                    break;
                case ['-', not '-', ..] when word.Length > 2 && word.AsSpan(1).ContainsAnyExcept(NoOpFlags + "k") is false:
                    insecure |= word.Contains('k', StringComparison.Ordinal);
                    break;
                case ['-', not '-'] when NoOpFlags.Contains(word[1], StringComparison.Ordinal):
                    break;
                case ['-', ..]:
                    throw new FormatException($"curl option {word} is not supported");
                default:
                    if (url is not null)
                    {
                        throw new FormatException($"'{word}' follows the URL {url}; one URL is requested");
                    }
                    url = HttpUrl(word) ?? throw new FormatException($"'{word}' is not an http:// or https:// URL");
                    break;
            }
        }
        if (url is null)
        {
            throw new FormatException("the command has no URL");
        }
        return new MesosEndpoint(url, new RestClientOptions
        {
            BaseAddress = MesosEndpoint.Origin(url),
            UserName = user,
            Password = password,
            CaFile = caFile,
            ClientCertificateFile = certFile,
            ClientKeyFile = keyFile,
            InsecureSkipVerify = insecure,
            Timeout = timeout,
            ConnectTimeout = connectTimeout,
        }, headers);
    }

    private static Uri? HttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 ? uri : null;

    private static TimeSpan Seconds(string option, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds < 1e6
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"curl option {option} needs a positive number of seconds, not '{text}'");

    /// <summary>Splits a command into words as a POSIX shell would, for the quoting a curl command uses; expansions are refused.</summary>
    private static List<string> Split(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            switch (c)
            {
                case ' ' or '\t':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }
                    continue;
                case '\'':
                    var end = command.IndexOf('\'', i + 1);
                    if (end < 0)
                    {
                        throw new FormatException("a single quote is not closed");
                    }
                    word.Append(command, i + 1, end - i - 1);
                    i = end;
                    break;
                case '"':
                    for (i++; ; i++)
                    {
                        if (i >= command.Length)
                        {
                            throw new FormatException("a double quote is not closed");
                        }
                        if (command[i] == '"')
                        {
                            break;
                        }
                        if (command[i] is '$' or '`')
                        {
                            throw new FormatException($"shell expansion ({command[i]}) is not supported; write the value itself");
                        }
                        if (command[i] == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            i++;
                        }
                        word.Append(command[i]);
                    }
                    break;
                case '\\' when i + 1 < command.Length:
                    word.Append(command[++i]);
                    break;
                case '$' or '`' or '|' or ';' or '&' or '<' or '>' or '(' or ')':
                    throw new FormatException($"shell syntax ({c}) is not supported; write one curl command");
                default:
                    word.Append(c);
                    break;
            }
            inWord = true;
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return words;
    }
}
