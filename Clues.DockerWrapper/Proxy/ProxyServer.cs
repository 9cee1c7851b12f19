using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Clues.Core.Power.CommandLine;
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
    /// <summary>Most bytes read and dropped after an early error answer before the connection is closed.</summary>
    private const long LingerBytes = 1024 * 1024;

    /// <summary>How long an early error answer waits for the client to stop sending before closing.</summary>
    private static readonly TimeSpan s_lingerTime = TimeSpan.FromSeconds(2);

    private static readonly byte[] s_tooManyConnections = TooManyConnectionsResponse();

    private readonly WrapperOptions _options;
    private readonly DockerForwarder _forwarder;
    private readonly JobStore _store;
    private readonly JobContainerEndpoints _jobEndpoints;
    private readonly WrapperApiEndpoints _apiEndpoints;
    private readonly ProxyMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<ProxyServer> _logger;
    private readonly TaskCompletionSource<EndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ProxyServer(WrapperOptions options, DockerForwarder forwarder, JobStore store, JobContainerEndpoints jobEndpoints,
        WrapperApiEndpoints apiEndpoints, ProxyMetrics metrics, TimeProvider time, ILogger<ProxyServer> logger)
    {
        _options = options;
        _forwarder = forwarder;
        _store = store;
        _jobEndpoints = jobEndpoints;
        _apiEndpoints = apiEndpoints;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completes with the bound address once the server listens (port 0 resolves to the real port).</summary>
    public Task<EndPoint> Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ClientListener listener;
        try
        {
            listener = await ClientListener.BindAsync(_options, new ShellCommandRunner(_time), stoppingToken);
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException or InvalidOperationException
            or System.Security.Cryptography.CryptographicException)
        {
            Log.BindFailed(_logger, _options.Listen, ex.Message);
            _listening.TrySetException(ex);
            throw;
        }
        using var _ = listener;
        _listening.TrySetResult(listener.LocalEndPoint);
        Log.Listening(_logger, _options.Listen, _options.Upstream.ToString());
        if (!listener.IsTls && !_options.Listen.StartsWith("unix://", StringComparison.Ordinal))
        {
            Log.InsecureTcp(_logger, _options.Listen);
        }
        var connections = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var socket = await listener.AcceptAsync(stoppingToken);
                connections.RemoveAll(t => t.IsCompleted);
                if (!_metrics.TryOpen(_options.MaxConnections))
                {
                    Refuse(socket, plainHttp: !listener.IsTls);
                    continue;
                }
                connections.Add(Task.Run(() => ServeConnectionAsync(listener, socket, stoppingToken), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        await Task.WhenAll(connections);
    }

    /// <summary>Over the connection cap: a 503 on plain HTTP (a new socket's send buffer takes it at once), then close.</summary>
    private void Refuse(Socket socket, bool plainHttp)
    {
        using (socket)
        {
            Log.Refused(_logger, _options.MaxConnections);
            try
            {
                if (plainHttp)
                {
                    socket.Blocking = false;
                    socket.Send(s_tooManyConnections);
                }
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The client left already.
            }
        }
    }

    private static byte[] TooManyConnectionsResponse()
    {
        const string body = "{\"message\":\"docker-wrapper: too many connections, try again in a moment\"}\n";
        return System.Text.Encoding.ASCII.GetBytes("HTTP/1.1 503 Service Unavailable\r\nServer: clues-docker-wrapper\r\n"
            + $"Content-Type: application/json\r\nConnection: close\r\nContent-Length: {body.Length}\r\n\r\n{body}");
    }

    private async Task ServeConnectionAsync(ClientListener listener, Socket socket, CancellationToken ct)
    {
        try
        {
            if (socket.AddressFamily != AddressFamily.Unix)
            {
                socket.NoDelay = true;
            }
            Stream stream;
            using (var handshake = new Deadline(_options.HeaderTimeout, _time, ct))
            {
                try
                {
                    stream = await listener.OpenStreamAsync(socket, handshake.Token);
                }
                catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
                {
                    _metrics.TlsFailed();
                    Log.TlsRefused(_logger, socket.RemoteEndPoint?.ToString() ?? "?", ex.Message);
                    socket.Dispose();
                    return;
                }
            }
            await using var client = new HttpConnection(socket, stream);
            await using var session = new UpstreamSession();
            await ServeRequestsAsync(client, session, ct);
        }
        finally
        {
            _metrics.Close();
        }
    }

    private async Task ServeRequestsAsync(HttpConnection client, UpstreamSession session, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                HttpHead? request;
                using (var deadline = new Deadline(_options.HeaderTimeout, _time, ct))
                {
                    try
                    {
                        request = await client.ReadHeadAsync(deadline.Token);
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException
                        && deadline.IsExpired && !ct.IsCancellationRequested)
                    {
                        // A cancelled socket read may surface as an I/O error; the deadline says what happened.
                        _metrics.HeaderTimedOut();
                        Log.HeaderTimeout(_logger, _options.HeaderTimeout.TotalSeconds);
                        await RefuseRequestAsync(client, 408, "docker-wrapper: no complete request head within "
                            + _options.HeaderTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s", ct);
                        return;
                    }
                    catch (InvalidDataException ex)
                    {
                        _metrics.BadRequest();
                        Log.BadRequest(_logger, "-", "-", ex.Message);
                        await RefuseRequestAsync(client, 400, "bad request: " + ex.Message, ct);
                        return;
                    }
                }
                if (request is null)
                {
                    return;
                }
                bool keepAlive;
                try
                {
                    keepAlive = await HandleRequestAsync(client, request, session, ct);
                }
                catch (InvalidDataException ex)
                {
                    // Malformed framing or target, or a body over its limit, found before any answer was written.
                    _metrics.BadRequest();
                    Log.BadRequest(_logger, request.Method, request.Target.Length > 200 ? request.Target[..200] : request.Target, ex.Message);
                    await RefuseRequestAsync(client, 400, "bad request: " + ex.Message, ct);
                    return;
                }
                if (!keepAlive)
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

    /// <summary>
    /// Answers an error and closes, first reading (and dropping) what the client still sends for a moment, so the
    /// close does not reset the connection before the client has read the answer.
    /// </summary>
    private async Task RefuseRequestAsync(HttpConnection client, int status, string message, CancellationToken ct)
    {
        await ResponseWriter.ErrorAsync(client.Stream, status, message, ct, closeConnection: true);
        await client.ShutdownWriteAsync();
        using var linger = new Deadline(s_lingerTime, _time, ct);
        try
        {
            await client.DrainAsync(LingerBytes, linger.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
        {
            // The client kept sending or left; either way the connection closes now.
        }
    }

    /// <summary>Serves one request; returns false when the connection must close.</summary>
    private async Task<bool> HandleRequestAsync(HttpConnection client, HttpHead request, UpstreamSession session, CancellationToken ct)
    {
        request.RequestFraming();
        var route = RequestRouter.Decide(request.Method, request.Target);
        if (route.Target != request.Target)
        {
            // Forward what was routed: the engine must not read a path the router did not.
            request = request.WithTarget(route.Target);
        }
        switch (route.Kind)
        {
            case RouteKind.JobsCount:
            case RouteKind.JobsList:
            case RouteKind.NodesList:
            case RouteKind.Metrics:
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

        [LoggerMessage(4, LogLevel.Critical, "docker-wrapper cannot listen on {Listen}: {Reason}")]
        public static partial void BindFailed(ILogger logger, string listen, string reason);

        [LoggerMessage(5, LogLevel.Warning, "docker-wrapper listens on {Listen} over plain TCP (INSECURE_TCP): anyone who can reach it controls the Docker engine")]
        public static partial void InsecureTcp(ILogger logger, string listen);

        [LoggerMessage(6, LogLevel.Warning, "Connection refused: {Max} connections are open (MAX_CONNECTIONS)")]
        public static partial void Refused(ILogger logger, int max);

        [LoggerMessage(7, LogLevel.Information, "Connection closed: no complete request head within {Seconds} s (HEADER_TIMEOUT)")]
        public static partial void HeaderTimeout(ILogger logger, double seconds);

        [LoggerMessage(8, LogLevel.Warning, "Refused {Method} {Target}: {Reason}")]
        public static partial void BadRequest(ILogger logger, string method, string target, string reason);

        [LoggerMessage(9, LogLevel.Warning, "TLS handshake with {Client} failed: {Reason}")]
        public static partial void TlsRefused(ILogger logger, string client, string reason);
    }
}
