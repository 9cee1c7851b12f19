using System.Net.Sockets;
using Clues.DockerWrapper.Proxy.Http11;

namespace Clues.DockerWrapper.Proxy;

/// <summary>Copies the raw byte streams of a hijacked connection (attach, exec) in both directions.</summary>
internal static class StreamCopier
{
    /// <summary>How long the client may keep writing after the engine closed its side.</summary>
    private static readonly TimeSpan s_drainAfterOutputEnd = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs both directions until the engine has finished output and the client has stopped input.
    /// End of input on either side is passed on as a TCP half-close, so <c>echo x | docker exec -i</c> sees EOF
    /// on stdin while its output still flows back.
    /// </summary>
    public static async Task<(StreamCopyResult ClientToUpstream, StreamCopyResult UpstreamToClient)> DuplexAsync(
        HttpConnection client, HttpConnection upstream, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var input = PumpAsync(client, upstream, cts.Token);
        var output = PumpAsync(upstream, client, cts.Token);
        var first = await Task.WhenAny(input, output);
        if (first.Result != StreamCopyResult.Success)
        {
            await cts.CancelAsync();
        }
        else if (first == output)
        {
            // The engine is done; a client that keeps stdin open (an idle terminal) must not hold the connection.
            if (await Task.WhenAny(input, Task.Delay(s_drainAfterOutputEnd, ct)) != input)
            {
                await cts.CancelAsync();
            }
        }
        return (await input, await output);
    }

    private static async Task<StreamCopyResult> PumpAsync(HttpConnection from, HttpConnection to, CancellationToken ct)
    {
        var buffer = new byte[HttpConnection.BufferSize];
        while (true)
        {
            int n;
            try
            {
                n = await from.ReadAsync(buffer, ct);
            }
            catch (OperationCanceledException)
            {
                return StreamCopyResult.Canceled;
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                return StreamCopyResult.InputError;
            }
            if (n == 0)
            {
                await to.ShutdownWriteAsync();
                return StreamCopyResult.Success;
            }
            try
            {
                await to.Stream.WriteAsync(buffer.AsMemory(0, n), ct);
                await to.Stream.FlushAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return StreamCopyResult.Canceled;
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                return StreamCopyResult.OutputError;
            }
        }
    }
}
