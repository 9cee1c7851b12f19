using System.Net.Sockets;
using System.Security.Authentication;
using Clues.DockerWrapper.Proxy.Http11;

namespace Clues.DockerWrapper.Proxy;

/// <summary>Forwards one HTTP/1.1 request from the docker CLI to the engine and streams the answer back.</summary>
/// <remarks>
/// Legs and steps (the numbers appear in the code):
/// <code>
///   CLI --(A) request--> wrapper --(B) request--> engine
///   CLI <-(D) response-- wrapper <-(C) response-- engine
/// </code>
/// (1) take the session's upstream connection or open one; (2) write the request head as received (B);
/// (3) copy the request body (A→B) concurrently with the response, because the engine may answer while it
/// still reads (import, load); (4) read the response head (C); (5) write it to the client (D); (6) copy the
/// body by its framing: Content-Length, chunked (each chunk flushed: logs -f, events, wait), until close, or
/// (7) on 101 a raw duplex stream with half-close (attach, exec). Nothing is buffered beyond 64 KiB.
/// A reused upstream connection that the engine closed while idle is reopened once for body-less requests.
/// </remarks>
internal sealed class DockerForwarder
{
    private readonly UpstreamConnector _connector;

    public DockerForwarder(UpstreamConnector connector)
    {
        _connector = connector;
    }

    public async Task<ForwardResult> ForwardAsync(HttpConnection client, HttpHead request, UpstreamSession session, CancellationToken ct)
    {
        var requestFraming = request.RequestFraming();
        var attempt = 0;
        while (true)
        {
            attempt++;
            // (1)
            var reused = session.Connection is not null;
            if (!reused)
            {
                try
                {
                    session.Connection = await _connector.ConnectAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return new ForwardResult(ProxyError.Canceled, false, false);
                }
                catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException)
                {
                    return new ForwardResult(ProxyError.UpstreamUnavailable, false, false, ex);
                }
            }
            var upstream = session.Connection!;

            // (2)
            try
            {
                await upstream.Stream.WriteAsync(request.Raw, ct);
                if (requestFraming == BodyFraming.None)
                {
                    await upstream.Stream.FlushAsync(ct);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                await session.ResetAsync();
                if (reused && attempt == 1)
                {
                    continue;
                }
                return new ForwardResult(ProxyError.UpstreamRequest, false, false, ex);
            }

            // (3)
            var bodyTask = requestFraming == BodyFraming.None
                ? Task.CompletedTask
                : CopyRequestBodyAsync(client, request, requestFraming, upstream.Stream, ct);

            // (4)
            HttpHead? response;
            try
            {
                response = await upstream.ReadHeadAsync(ct);
            }
            catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or ObjectDisposedException)
            {
                response = null;
                await session.ResetAsync();
                if (!bodyTask.IsCompleted)
                {
                    await SwallowAsync(bodyTask);
                }
                return new ForwardResult(ProxyError.UpstreamResponse, false, false, ex);
            }
            if (response is null)
            {
                await session.ResetAsync();
                if (reused && attempt == 1 && requestFraming == BodyFraming.None)
                {
                    continue;
                }
                await SwallowAsync(bodyTask);
                return new ForwardResult(ProxyError.UpstreamResponse, false, false,
                    new EndOfStreamException("the engine closed the connection without answering"));
            }

            // (5)
            var responseFraming = response.ResponseFraming(request.Method);
            try
            {
                await client.Stream.WriteAsync(response.Raw, ct);
                if (responseFraming != BodyFraming.ContentLength)
                {
                    await client.Stream.FlushAsync(ct);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                await session.ResetAsync();
                await SwallowAsync(bodyTask);
                return new ForwardResult(ProxyError.ResponseBody, true, false, ex);
            }

            // (7) 101, or an old engine that answers 200 to an upgrade request and then streams until close.
            if (responseFraming == BodyFraming.Upgrade
                || (responseFraming == BodyFraming.UntilClose && request.IsUpgradeRequest))
            {
                try
                {
                    await bodyTask;
                }
                catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException)
                {
                    await session.ResetAsync();
                    return new ForwardResult(ProxyError.RequestBody, true, false, ex);
                }
                var (input, output) = await StreamCopier.DuplexAsync(client, upstream, ct);
                await session.ResetAsync();
                var failed = input is StreamCopyResult.InputError or StreamCopyResult.OutputError
                    || output is StreamCopyResult.InputError or StreamCopyResult.OutputError;
                return new ForwardResult(failed ? ProxyError.Upgrade : ProxyError.None, true, false);
            }

            // (6)
            try
            {
                await upstream.CopyBodyAsync(response, responseFraming, client.Stream, decode: false, ct);
                await client.Stream.FlushAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await session.ResetAsync();
                return new ForwardResult(ProxyError.Canceled, true, false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or ObjectDisposedException)
            {
                await session.ResetAsync();
                await SwallowAsync(bodyTask);
                return new ForwardResult(ProxyError.ResponseBody, true, false, ex);
            }
            try
            {
                await bodyTask;
            }
            catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException)
            {
                await session.ResetAsync();
                return new ForwardResult(ProxyError.RequestBody, true, false, ex);
            }

            var upstreamAlive = response.KeepAlive && responseFraming != BodyFraming.UntilClose;
            if (!upstreamAlive)
            {
                await session.ResetAsync();
            }
            return new ForwardResult(ProxyError.None, true, request.KeepAlive && responseFraming != BodyFraming.UntilClose);
        }
    }

    private static async Task CopyRequestBodyAsync(HttpConnection client, HttpHead request, BodyFraming framing, Stream upstream, CancellationToken ct)
    {
        await client.CopyBodyAsync(request, framing, upstream, decode: false, ct);
        await upstream.FlushAsync(ct);
    }

    private static async Task SwallowAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or OperationCanceledException or ObjectDisposedException)
        {
            // The exchange already failed on another leg; this one's error adds nothing.
        }
    }
}
