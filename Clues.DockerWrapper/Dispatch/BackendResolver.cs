using Clues.DockerWrapper.Configuration;
using Clues.DockerWrapper.Proxy;
using Microsoft.Extensions.Logging;

namespace Clues.DockerWrapper.Dispatch;

/// <summary>Picks the dispatch backend: the configured one, or by asking the engine whether it is a Swarm manager.</summary>
internal sealed partial class BackendResolver
{
    private readonly WrapperOptions _options;
    private readonly UpstreamClient _upstream;
    private readonly SwarmBackend _swarm;
    private readonly ContainerBackend _container;
    private readonly ILogger<BackendResolver> _logger;
    private IDispatchBackend? _resolved;

    public BackendResolver(WrapperOptions options, UpstreamClient upstream, SwarmBackend swarm, ContainerBackend container, ILogger<BackendResolver> logger)
    {
        _options = options;
        _upstream = upstream;
        _swarm = swarm;
        _container = container;
        _logger = logger;
    }

    /// <summary>The backend a stored job names, for jobs dispatched before a restart.</summary>
    public IDispatchBackend ByName(string name) => name == JobBackends.Swarm ? _swarm : _container;

    /// <summary>The backend for new dispatches; null while the engine cannot be asked.</summary>
    public async Task<IDispatchBackend?> ResolveAsync(CancellationToken ct)
    {
        if (_resolved is not null)
        {
            return _resolved;
        }
        switch (_options.Mode)
        {
            case DispatchMode.Swarm:
                return _resolved = _swarm;
            case DispatchMode.Container:
                return _resolved = _container;
        }
        try
        {
            var info = await _upstream.SendAsync("GET", "/info", null, ct);
            if (!info.IsSuccess)
            {
                Log.DetectFailed(_logger, info.Message());
                return null;
            }
            var manager = info.Json()?["Swarm"]?["ControlAvailable"]?.GetValue<bool>() ?? false;
            _resolved = manager ? _swarm : _container;
            Log.Detected(_logger, _resolved.Name);
            return _resolved;
        }
        catch (UpstreamException ex)
        {
            Log.DetectFailed(_logger, ex.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Information, "Dispatch mode from the engine: {Mode}")]
        public static partial void Detected(ILogger logger, string mode);

        [LoggerMessage(21, LogLevel.Warning, "Cannot ask the engine for its mode yet: {Reason}")]
        public static partial void DetectFailed(ILogger logger, string reason);
    }
}
