using Clues.Core.Http;

namespace Clues.Plugins.Im.Api;

/// <summary>
/// IM's auth file (<c>auth.dat</c>: one credential per line, <c>id = ...; type = ...; username = ...</c>) turned into the
/// value of IM's <c>Authorization</c> header: the lines joined by the two characters <c>\n</c>, as IM's REST API expects.
/// </summary>
internal static class ImAuthFile
{
    /// <summary>The largest auth file read: credentials are a few lines, and the whole file goes into one header.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The header value of <paramref name="path"/>, read now (the file may change while CLUES runs, as in CLUES).</summary>
    /// <exception cref="RestApiException">The file cannot be read, is too large or holds control characters; the message names the file.</exception>
    public static async Task<string> ReadHeaderAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxBytes)
            {
                throw new RestApiException($"the IM auth file {path} has {info.Length} bytes, more than the {MaxBytes} accepted");
            }
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RestApiException($"the IM auth file {path} cannot be read: {ex.Message}", ex);
        }
        return ToHeader(text, path);
    }

    /// <summary>
    /// The header value of an auth file's <paramref name="text"/>: every line end becomes <c>\n</c> (CLUES replaced LF
    /// only, so a file written on Windows sent a CR that broke the request).
    /// </summary>
    public static string ToHeader(string text, string path)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RestApiException($"the IM auth file {path} is empty");
        }
        var header = text.ReplaceLineEndings("\\n");
        var bad = header.IndexOfAnyInRange('\0', '\x1f');
        if (bad >= 0 || header.Contains('\x7f', StringComparison.Ordinal))
        {
            throw new RestApiException($"the IM auth file {path} holds a control character (such as a tab) that an HTTP header cannot carry");
        }
        return header;
    }
}
