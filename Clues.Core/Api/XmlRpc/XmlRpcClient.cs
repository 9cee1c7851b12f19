using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Clues.Core.Api.XmlRpc;

/// <summary>
/// A minimal XML-RPC client over <see cref="HttpClient"/>, speaking to CLUES' server (or this port's) the way
/// Python's <c>xmlrpc.client.ServerProxy</c> does.
/// </summary>
public sealed class XmlRpcClient
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly TimeProvider _time;

    /// <summary>Creates a client for <paramref name="endpoint"/> (for example <c>http://localhost:8000/RPC2</c>).</summary>
    /// <param name="http">The HTTP client (its own timeout applies too).</param>
    /// <param name="endpoint">The server URL.</param>
    /// <param name="time">The clock of the per-call timeouts; null = the system clock.</param>
    public XmlRpcClient(HttpClient http, Uri endpoint, TimeProvider? time = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The server URL.</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>
    /// The largest response body read, in bytes; 0 (the default) = no limit. A server answering more fails the call
    /// with an <see cref="XmlRpcFaultException"/> once the limit is passed, without reading the rest.
    /// </summary>
    public long MaxResponseBytes { get; init; }

    /// <summary>Calls a method and gives up when the whole answer has not arrived within <paramref name="timeout"/>.</summary>
    /// <param name="methodName">The method.</param>
    /// <param name="parameters">Its parameters.</param>
    /// <param name="timeout">The limit; <see cref="Timeout.InfiniteTimeSpan"/> = none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="TimeoutException">No complete answer within <paramref name="timeout"/>; the message names the method and the limit.</exception>
    /// <exception cref="XmlRpcFaultException">The server answered with a fault.</exception>
    /// <exception cref="HttpRequestException">The server could not be reached or answered with an HTTP error.</exception>
    public async Task<object> CallAsync(string methodName, IReadOnlyList<object> parameters, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return await CallAsync(methodName, parameters, cancellationToken).ConfigureAwait(false);
        }
        using var limit = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            return await CallAsync(methodName, parameters, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"{_endpoint} did not answer {methodName} within {timeout.TotalSeconds:0.###} s"), ex);
        }
    }

    /// <summary>Calls a method and returns its result (see <see cref="XmlRpcReader"/> for the .NET types).</summary>
    /// <exception cref="XmlRpcFaultException">The server answered with a fault, or an answer that is not XML-RPC or too large.</exception>
    /// <exception cref="HttpRequestException">The server could not be reached or answered with an HTTP error.</exception>
    public async Task<object> CallAsync(string methodName, IReadOnlyList<object> parameters, CancellationToken cancellationToken)
    {
        var body = XmlRpcWriter.MethodCall(methodName, parameters);
        using var content = new StringContent(body, new UTF8Encoding(false), "text/xml");
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = content };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("clues", CluesMessages.Version));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"{_endpoint} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
        if (MaxResponseBytes > 0 && response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw TooLarge(methodName);
        }
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new MemoryStream();
            if (MaxResponseBytes > 0)
            {
                // A chunked answer has no length to check up front: count while reading.
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > MaxResponseBytes)
                    {
                        throw TooLarge(methodName);
                    }
                    buffer.Write(chunk, 0, read);
                }
            }
            else
            {
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            buffer.Position = 0;
            return XmlRpcReader.ParseMethodResponse(buffer);
        }
    }

    private XmlRpcFaultException TooLarge(string methodName) => new(XmlRpcFaultCodes.ParseError,
        string.Create(CultureInfo.InvariantCulture, $"the answer of {_endpoint} to {methodName} is larger than {MaxResponseBytes} bytes"));
}
