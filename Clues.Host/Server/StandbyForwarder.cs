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
/// Only the path and query of the call are sent on, to the lease's address: a call cannot choose where it goes. A
/// call that already went through a standby is not sent on again, so two standbys with stale views of the lease
/// cannot pass a call back and forth.
/// </remarks>
internal sealed class StandbyForwarder : IDisposable
{
    /// <summary>The header a forwarded call carries: the holder id of the standby that sent it on.</summary>
    public const string ForwardedByHeader = "X-Clues-Forwarded-By";

    /// <summary>The header of a forwarded answer: the holder id of the active one that gave it.</summary>
    public const string ActiveHeader = "X-Clues-Active";

    private static readonly string[] RequestHeaders = ["Authorization", "Accept", "User-Agent"];
    private readonly HighAvailabilityControl _control;
    private readonly HttpClient _client;

    public StandbyForwarder(HighAvailabilityControl control, HttpMessageHandler? handler = null)
    {
        _control = control;
        _client = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), UseProxy = false, AllowAutoRedirect = false })
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
            await next(context).ConfigureAwait(false);
            return;
        }
        _control.Election.Look();
        var status = _control.Status;
        if (context.Request.Headers.ContainsKey(ForwardedByHeader))
        {
            await UnavailableAsync(context, $"{status.Describe()}; the call was already sent on by another standby").ConfigureAwait(false);
            return;
        }
        if (status.Lease is not { } lease || lease.IsVacant(status.Now) || lease.Holder == status.Holder
            || !Uri.TryCreate(lease.Address, UriKind.Absolute, out var active))
        {
            await UnavailableAsync(context, $"{status.Describe()}; try again in a few seconds, once a standby has taken over").ConfigureAwait(false);
            return;
        }
        await ForwardAsync(context, active, lease, status.Holder).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();

    private static bool IsLocal(HttpRequest request) =>
        request.Path.StartsWithSegments("/metrics") || request.Path.StartsWithSegments("/api/ha")
        || (HttpMethods.IsGet(request.Method) && request.Path == "/");

    private async Task ForwardAsync(HttpContext context, Uri active, LeaderLease lease, string holder)
    {
        var target = new UriBuilder(active) { Path = context.Request.Path.Value ?? "/", Query = context.Request.QueryString.Value ?? "" }.Uri;
        using var message = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            message.Content = new StreamContent(context.Request.Body);
            if (context.Request.ContentType is { } contentType)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        foreach (var name in RequestHeaders)
        {
            if (context.Request.Headers.TryGetValue(name, out var values))
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
        catch (HttpRequestException ex)
        {
            await UnavailableAsync(context, $"the active clues-host {lease.Holder} at {lease.Address} (epoch {lease.Epoch}) does not answer: {ex.Message}").ConfigureAwait(false);
            return;
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } type)
            {
                context.Response.ContentType = type.ToString();
            }
            if (response.Headers.WwwAuthenticate.Count > 0)
            {
                context.Response.Headers.WWWAuthenticate = response.Headers.WwwAuthenticate.ToString();
            }
            context.Response.Headers[ActiveHeader] = lease.Holder;
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    // 503: as an XML-RPC fault for XML-RPC calls (so CLUES' clients print the message), else as text.
    private static async Task UnavailableAsync(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        var isXmlRpc = HttpMethods.IsPost(context.Request.Method) && (context.Request.Path == "/" || context.Request.Path == "/RPC2");
        context.Response.ContentType = isXmlRpc ? "text/xml" : "text/plain; charset=utf-8";
        var text = isXmlRpc ? XmlRpcWriter.Fault(XmlRpcFaultCodes.InternalError, message) : message + "\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), context.RequestAborted).ConfigureAwait(false);
    }
}
