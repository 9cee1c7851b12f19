using System.Net;
using System.Net.Sockets;
using Clues.DockerWrapper.Api;
using Clues.DockerWrapper.Configuration;
using Clues.DockerWrapper.Jobs;
using Clues.DockerWrapper.Proxy.Http11;
using Clues.DockerWrapper.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clues.DockerWrapper.Proxy;

/// <summary>
/// The listening side: accepts docker CLI connections (TCP or unix socket), reads HTTP/1.1 requests itself
/// (so an <c>exec</c> start with a body can still be hijacked), routes each one and serves or forwards it.
/// Each connection runs on its own task; requests on one connection are handled in order (HTTP/1.1).
/// </summary>
internal sealed partial class ProxyServer : BackgroundService
{
    private readonly WrapperOptions _options;
    private readonly DockerForwarder _forwarder;
    private readonly JobStore _store;
    private readonly JobContainerEndpoints _jobEndpoints;
    private readonly WrapperApiEndpoints _apiEndpoints;
    private readonly ILogger<ProxyServer> _logger;
    private readonly TaskCompletionSource<EndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ProxyServer(WrapperOptions options, DockerForwarder forwarder, JobStore store, JobContainerEndpoints jobEndpoints,
        WrapperApiEndpoints apiEndpoints, ILogger<ProxyServer> logger)
    {
        _options = options;
        _forwarder = forwarder;
        _store = store;
        _jobEndpoints = jobEndpoints;
        _apiEndpoints = apiEndpoints;
        _logger = logger;
    }

    /// <summary>Completes with the bound address once the server listens (port 0 resolves to the real port).</summary>
    public Task<EndPoint> Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = Bind(_options.Listen);
        _listening.TrySetResult(listener.LocalEndPoint!);
        Log.Listening(_logger, _options.Listen, _options.Upstream.ToString());
        var connections = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var socket = await listener.AcceptAsync(stoppingToken);
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(Task.Run(() => ServeConnectionAsync(socket, stoppingToken), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        finally
        {
            if (_options.Listen.StartsWith("unix://", StringComparison.Ordinal))
            {
                File.Delete(_options.Listen["unix://".Length..]);
            }
        }
        await Task.WhenAll(connections);
    }

    private static Socket Bind(string listen)
    {
        if (listen.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = listen["unix://".Length..];
            File.Delete(path);
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            unix.Bind(new UnixDomainSocketEndPoint(path));
            unix.Listen(512);
            return unix;
        }
        var endpoint = IPEndPoint.Parse(listen.StartsWith("tcp://", StringComparison.Ordinal) ? listen[6..] : listen);
        var tcp = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        tcp.Bind(endpoint);
        tcp.Listen(512);
        return tcp;
    }

    private async Task ServeConnectionAsync(Socket socket, CancellationToken ct)
    {
        if (socket.AddressFamily != AddressFamily.Unix)
        {
            socket.NoDelay = true;
        }
        await using var client = new HttpConnection(socket, new NetworkStream(socket, ownsSocket: false));
        await using var session = new UpstreamSession();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                HttpHead? request;
                try
                {
                    request = await client.ReadHeadAsync(ct);
                }
                catch (InvalidDataException ex)
                {
                    await ResponseWriter.ErrorAsync(client.Stream, 400, "bad request: " + ex.Message, ct);
                    return;
                }
                if (request is null || !await HandleRequestAsync(client, request, session, ct))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Log.ClientGone(_logger, ex.Message);
        }
    }

    /// <summary>Serves one request; returns false when the connection must close.</summary>
    private async Task<bool> HandleRequestAsync(HttpConnection client, HttpHead request, UpstreamSession session, CancellationToken ct)
    {
        var route = RequestRouter.Decide(request.Method, request.Target);
        switch (route.Kind)
        {
            case RouteKind.JobsCount:
            case RouteKind.JobsList:
            case RouteKind.NodesList:
                await _apiEndpoints.HandleAsync(client, request, route, ct);
                return request.KeepAlive;
            case RouteKind.CreateContainer:
                return await _jobEndpoints.CreateAsync(client, request, route, ct) && request.KeepAlive;
            case RouteKind.ListContainers:
                return await _jobEndpoints.ListAsync(client, request, ct) && request.KeepAlive;
            case RouteKind.Container when _store.Resolve(route.ContainerRef!) is { } job:
                if (JobContainerEndpoints.ForwardsToContainer(job))
                {
                    // Container mode after dispatch: the job is a real container; point the path at it.
                    var rewritten = request.WithTarget(JobContainerEndpoints.RewriteTarget(request.Target, route, job.UpstreamId!));
                    if (request.Method == "DELETE")
                    {
                        return await _jobEndpoints.RemoveContainerJobAsync(client, rewritten, job, ct) && request.KeepAlive;
                    }
                    return await ForwardAsync(client, rewritten, session, ct);
                }
                return await _jobEndpoints.HandleAsync(client, request, route, job, ct) && request.KeepAlive;
            default:
                return await ForwardAsync(client, request, session, ct);
        }
    }

    private async Task<bool> ForwardAsync(HttpConnection client, HttpHead request, UpstreamSession session, CancellationToken ct)
    {
        var result = await _forwarder.ForwardAsync(client, request, session, ct);
        if (result.Error == ProxyError.None)
        {
            return result.KeepAlive;
        }
        return await ReportProxyErrorAsync(client, request, result, ct);
    }

    /// <summary>The one place a forwarding failure is logged and answered (YARP's ReportProxyError).</summary>
    private async Task<bool> ReportProxyErrorAsync(HttpConnection client, HttpHead request, ForwardResult result, CancellationToken ct)
    {
        if (result.Error == ProxyError.Canceled)
        {
            return false;
        }
        Log.ForwardFailed(_logger, request.Method, request.Target, result.Error, result.Exception?.Message ?? "");
        if (!result.ResponseStarted)
        {
            var message = result.Error == ProxyError.UpstreamUnavailable
                ? $"docker-wrapper: cannot reach the Docker engine at {_options.Upstream}: {result.Exception?.Message}"
                : $"docker-wrapper: the Docker engine at {_options.Upstream} failed: {result.Error} ({result.Exception?.Message})";
            try
            {
                await ResponseWriter.ErrorAsync(client.Stream, 502, message, ct);
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                // The client left too.
            }
        }
        // The request body may be unread and the engine side is gone: start afresh on a new connection.
        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "docker-wrapper listening on {Listen}, engine at {Upstream}")]
        public static partial void Listening(ILogger logger, string listen, string upstream);

        [LoggerMessage(2, LogLevel.Warning, "Forwarding {Method} {Target} failed at {Error}: {Reason}")]
        public static partial void ForwardFailed(ILogger logger, string method, string target, ProxyError error, string reason);

        [LoggerMessage(3, LogLevel.Debug, "Client connection ended: {Reason}")]
        public static partial void ClientGone(ILogger logger, string reason);
    }
}
