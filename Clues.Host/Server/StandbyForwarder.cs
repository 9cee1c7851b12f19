using System.Text;
using Clues.Core.Api.XmlRpc;
using Clues.Core.HighAvailability;
using Microsoft.AspNetCore.Http;

namespace Clues.Host.Server;

/// <summary>
/// The API of a standby: every call but <c>/metrics</c>, <c>/api/ha</c> and the status page goes to the active
/// <c>clues-host</c> at the address in the lease (XML-RPC and JSON alike, writes and reads), and the answer comes
/// back as the active one gave it. With no active one the call gets HTTP 503 and a message saying so.
/// </summary>
/// <remarks>
/// Only the method (GET, HEAD or POST, all the API has), the path and query, the body and the headers
/// <c>Authorization</c>, <c>Accept</c>, <c>User-Agent</c> and <c>Content-Type</c> are sent on, to the lease's address
/// (<see cref="ForwardTarget"/>): a call cannot choose where it goes, and no hop-by-hop or forwarding header of the
/// client passes. The body is read here first, within the server's size limit, so a slow or oversized upload never
/// reaches the active one. A call that already went through a standby is not sent on again, so two standbys with
/// stale views of the lease cannot pass a call back and forth.
/// </remarks>
internal sealed class StandbyForwarder : IDisposable
{
    /// <summary>The header a forwarded call carries: the holder id of the standby that sent it on.</summary>
    public const string ForwardedByHeader = "X-Clues-Forwarded-By";

    /// <summary>The header of a forwarded answer: the holder id of the active one that gave it.</summary>
    public const string ActiveHeader = "X-Clues-Active";

    private static readonly string[] RequestHeaders = ["Authorization", "Accept", "User-Agent"];
    private readonly HighAvailabilityControl _control;
    private readonly long _maxRequestBodyBytes;
    private readonly HttpClient _client;

    public StandbyForwarder(HighAvailabilityControl control, long maxRequestBodyBytes, HttpMessageHandler? handler = null)
    {
        _control = control;
        _maxRequestBodyBytes = maxRequestBodyBytes;
        _client = new HttpClient(handler ?? new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5), UseProxy = false, AllowAutoRedirect = false, UseCookies = false, ActivityHeadersPropagator = null,
        })
        {
            // request_wait may wait for as long as its caller asked; the caller's disconnection cancels it.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The middleware: serves the call here when this process is active or the path is local, else sends it on.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (_control.IsServing || IsLocal(context.Request))
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (StandbyException ex) when (!context.Response.HasStarted)
            {
                // This process stopped being the active one while the call ran (it stepped down, or is stopping).
                await UnavailableAsync(context, $"{ex.Message}; try again in a few seconds").ConfigureAwait(false);
            }
            return;
        }
        _control.Election.Look();
        var status = _control.Status;
        if (context.Request.Headers.ContainsKey(ForwardedByHeader))
        {
            await UnavailableAsync(context, $"{status.Describe()}; the call was already sent on by another standby").ConfigureAwait(false);
            return;
        }
        if (status.Lease is not { } lease || lease.IsVacant(status.Now) || lease.Holder == status.Holder)
        {
            await UnavailableAsync(context, $"{status.Describe()}; try again in a few seconds, once a standby has taken over").ConfigureAwait(false);
            return;
        }
        if (!ForwardTarget.TryGetBase(lease.Address, status.Address, out var active, out var problem))
        {
            await UnavailableAsync(context, $"{status.Describe()}; not sent on: {problem}").ConfigureAwait(false);
            return;
        }
        await ForwardAsync(context, active!, lease, status.Holder).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();

    private static bool IsLocal(HttpRequest request) =>
        request.Path.StartsWithSegments("/metrics") || request.Path.StartsWithSegments("/api/ha")
        || (HttpMethods.IsGet(request.Method) && request.Path == "/");

    private async Task ForwardAsync(HttpContext context, Uri active, LeaderLease lease, string holder)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsPost(request.Method)))
        {
            context.Response.Headers.Allow = "GET, HEAD, POST";
            await TextAsync(context, StatusCodes.Status405MethodNotAllowed, $"method {request.Method} is not part of the CLUES API").ConfigureAwait(false);
            return;
        }
        if (ForwardTarget.For(active, request) is not { } target)
        {
            await TextAsync(context, StatusCodes.Status400BadRequest, "a path with a '.' or '..' segment is not sent on").ConfigureAwait(false);
            return;
        }
        using var body = await RequestBody.ReadAsync(context, _maxRequestBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            await ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, XmlRpcFaultCodes.RequestTooLarge,
                $"request body larger than {_maxRequestBodyBytes} bytes").ConfigureAwait(false);
            return;
        }
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (body.Length > 0 || HttpMethods.IsPost(request.Method))
        {
            message.Content = new StreamContent(body);
            if (request.ContentType is { } contentType)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        foreach (var name in RequestHeaders)
        {
            if (request.Headers.TryGetValue(name, out var values))
            {
                message.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }
        message.Headers.TryAddWithoutValidation(ForwardedByHeader, holder);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded)
        {
            await ErrorAsync(context, StatusCodes.Status502BadGateway, XmlRpcFaultCodes.InternalError,
                $"the active clues-host {lease.Holder} at {lease.Address} (epoch {lease.Epoch}) gave no valid HTTP answer ({ex.HttpRequestError})").ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            await UnavailableAsync(context, $"the active clues-host {lease.Holder} at {lease.Address} (epoch {lease.Epoch}) does not answer: {ex.Message}").ConfigureAwait(false);
            return;
        }
        using (response)
        {
            if ((int)response.StatusCode < 200)
            {
                await ErrorAsync(context, StatusCodes.Status502BadGateway, XmlRpcFaultCodes.InternalError,
                    $"the active clues-host {lease.Holder} at {lease.Address} answered {(int)response.StatusCode}, which the API never does").ConfigureAwait(false);
                return;
            }
            context.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } type)
            {
                context.Response.ContentType = type.ToString();
            }
            if (response.Headers.WwwAuthenticate.Count > 0)
            {
                context.Response.Headers.WWWAuthenticate = response.Headers.WwwAuthenticate.ToString();
            }
            if (response.Headers.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = retryAfter.ToString();
            }
            context.Response.Headers[ActiveHeader] = lease.Holder;
            try
            {
                await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && !context.RequestAborted.IsCancellationRequested)
            {
                // The active one broke off in the middle of its answer: the client must not take a part for the whole.
                context.Abort();
            }
        }
    }

    // 503: as an XML-RPC fault for XML-RPC calls (so CLUES' clients print the message), else as text.
    private static Task UnavailableAsync(HttpContext context, string message)
    {
        context.Response.Headers.RetryAfter = "5";
        return ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, XmlRpcFaultCodes.InternalError, message);
    }

    private static async Task ErrorAsync(HttpContext context, int status, int faultCode, string message)
    {
        var isXmlRpc = HttpMethods.IsPost(context.Request.Method) && (context.Request.Path == "/" || context.Request.Path == "/RPC2");
        if (isXmlRpc)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/xml";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(XmlRpcWriter.Fault(faultCode, message)), context.RequestAborted).ConfigureAwait(false);
            return;
        }
        await TextAsync(context, status, message).ConfigureAwait(false);
    }

    private static async Task TextAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(message + "\n"), context.RequestAborted).ConfigureAwait(false);
    }
}
