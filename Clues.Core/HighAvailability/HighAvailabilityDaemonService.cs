using Clues.Core.Daemon;
using Clues.Core.Hooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clues.Core.HighAvailability;

/// <summary>
/// Runs the daemon of one process of an active/standby pair. As a standby it monitors nothing, schedules nothing and
/// has not even built its daemon; once it takes the lease it builds the daemon, which resumes from the database as
/// after a restart (timers, power actions in flight, queue, bookings), and runs its loop for as long as the term
/// lasts. On stepping down the loop stops at once and the host is restarted as a standby.
/// </summary>
public sealed partial class HighAvailabilityDaemonService(LeaderElection election, HighAvailabilityControl control, IServiceProvider services,
    HookRunner hooks, HostRestart restart, IHostApplicationLifetime lifetime, ILogger<HighAvailabilityDaemonService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Standby(logger, election.Holder, election.Address);
        var campaign = Task.Run(() => election.RunAsync(stoppingToken), CancellationToken.None);
        try
        {
            await election.Activated.WaitAsync(stoppingToken).ConfigureAwait(false);
            await RunTermAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            await campaign.ConfigureAwait(false);
            // Only once the loop has stopped: nothing acts after the lease is given up.
            election.Release();
        }
    }

    private async Task RunTermAsync(CancellationToken stoppingToken)
    {
        var daemon = services.GetRequiredService<CluesDaemon>();
        daemon.Loop.StepCompleted = daemon.Metrics.Step;
        daemon.Resume();
        daemon.Start();
        control.Serve(daemon);
        using var term = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, election.Term);
        try
        {
            await daemon.Loop.RunAsync(term.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
            // the host is stopping, or this process stepped down
        }
        control.Stop();
        // While the lease is still held (commits are fenced on it): what the database did not take yet is written now,
        // or saved to the spool when the store is disposed.
        daemon.Metrics.Database?.TryCatchUpNow();
        await hooks.DrainAsync().ConfigureAwait(false);
        if (!stoppingToken.IsCancellationRequested)
        {
            Log.Restarting(logger);
            restart.Request();
            lifetime.StopApplication();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "standing by as {Holder} (API at {Address}) until the lease is vacant")]
        public static partial void Standby(ILogger logger, string holder, Uri address);

        [LoggerMessage(EventId = 1511, Level = LogLevel.Warning, Message = "the daemon stopped after stepping down; restarting as a standby")]
        public static partial void Restarting(ILogger logger);
    }
}
