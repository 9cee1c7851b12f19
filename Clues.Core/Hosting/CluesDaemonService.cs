using Clues.Core.Daemon;
using Clues.Core.Hooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Hosting;

/// <summary>Runs the daemon's control loop for the lifetime of the host; a failing step never stops it.</summary>
public sealed partial class CluesDaemonService(CluesDaemon daemon, HookRunner hooks, ILogger<CluesDaemonService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Starting(logger);
        daemon.Loop.StepCompleted = daemon.Metrics.Step;
        daemon.Resume();
        daemon.Start();
        try
        {
            await daemon.Loop.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        await hooks.DrainAsync().ConfigureAwait(false);
        Log.Stopped(logger);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "CLUES daemon started")]
        public static partial void Starting(ILogger logger);

        [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "CLUES daemon stopped")]
        public static partial void Stopped(ILogger logger);
    }
}
