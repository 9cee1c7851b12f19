using System.Net;

namespace Clues.Core.Http;

/// <summary>A REST backend answered with an error status, or with a body that is not what was asked for.</summary>
public sealed class RestApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RestApiException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    /// <summary>Creates the exception.</summary>
    public RestApiException() : this("the REST backend failed") { }

    /// <summary>Creates the exception.</summary>
    public RestApiException(string message) : this(message, null, null) { }

    /// <summary>Creates the exception.</summary>
    public RestApiException(string message, Exception innerException) : this(message, null, innerException) { }

    /// <summary>The status the server answered with, when the failure is an HTTP status.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// Throws when <paramref name="response"/> is not a success: the message names the request, the status, a hint
    /// for authentication failures and the start of the server's own explanation.
    /// </summary>
    public static async Task ThrowIfFailedAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var request = response.RequestMessage;
        var body = await ReadStartAsync(response, cancellationToken).ConfigureAwait(false);
        var hint = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => " (the token or credentials were not accepted)",
            HttpStatusCode.Forbidden => " (the credentials lack the permission)",
            _ => "",
        };
        throw new RestApiException(
            $"{what}: {request?.Method} {request?.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}{hint}"
            + (body.Length > 0 ? ": " + body : ""), response.StatusCode);
    }

    // The server's explanation helps, but a hostile or broken server must not fill the log.
    private const int MaxBodyChars = 300;

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            var buffer = new char[MaxBodyChars];
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            var text = new string(buffer, 0, read).ReplaceLineEndings(" ").Trim();
            return read == MaxBodyChars ? text + "..." : text;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return "";
        }
    }
}
