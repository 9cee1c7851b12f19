using Clues.Core.Config;
using Clues.Core.HighAvailability;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Power;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Daemon;

/// <summary>
/// The one guard every plugin call goes through (CLUES' <c>Platform</c>): a timeout from TIMEOUT_COMMANDS, and
/// exceptions turned into failures, so the loop never sees a raw plugin exception and never hangs on a plugin.
/// </summary>
public sealed partial class Platform(ILrmsPlugin lrms, IPowerManager? powerManager, GeneralOptions general, CluesClock clock, ILogger<Platform> logger)
{
    /// <summary>The LRMS plugin.</summary>
    public ILrmsPlugin Lrms => lrms;
    /// <summary>The power manager, if any.</summary>
    public IPowerManager? PowerManager => powerManager;

    /// <summary>
    /// Asked immediately before every power command the daemon decides: in an active/standby pair, whether this
    /// process still holds the lease. Always yes outside a pair.
    /// </summary>
    public IActingFence Fence { get; init; } = AlwaysActing.Instance;

    /// <summary>The node report, or null if the LRMS failed or timed out.</summary>
    public Task<IReadOnlyList<NodeInfo>?> GetNodesAsync(CancellationToken cancellationToken) =>
        GuardAsync("get nodes", ct => lrms.GetNodesAsync(ct), cancellationToken);

    /// <summary>The job report, or null if the LRMS failed or timed out.</summary>
    public Task<IReadOnlyList<JobInfo>?> GetJobsAsync(CancellationToken cancellationToken) =>
        GuardAsync("get jobs", ct => lrms.GetJobsAsync(ct), cancellationToken);

    /// <summary>Powers a node on: the power manager, then the LRMS' own step (spec §5.2).</summary>
    public Task<PowerResult> PowerOnAsync(string node, CancellationToken cancellationToken) =>
        PowerAsync(node, "power on", (pm, ct) => pm.PowerOnAsync(node, ct), (real, ct) => lrms.PowerOnAsync(real, ct), cancellationToken);

    /// <summary>
    /// Powers a node off: the LRMS' preparation (cordon, drain), the power manager, then the LRMS' own step
    /// (spec §5.2). A refused or failed preparation leaves the node on and the power manager uncalled.
    /// </summary>
    public async Task<PowerResult> PowerOffAsync(string node, CancellationToken cancellationToken)
    {
        if (powerManager is null)
        {
            return NoPowerManager(node);
        }
        var prepared = await GuardAsync("LRMS prepare power off", async ct => (bool?)await lrms.PreparePowerOffAsync(node, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (prepared != true)
        {
            return PowerResult.Failed(node, $"the LRMS did not let {node} be powered off (it still runs work, or could not be cordoned)");
        }
        // The LRMS took the node out of service; if the power manager then fails the node is still on, so the LRMS
        // gets its power-on step to put the node back in service (Slurm resume, Kubernetes uncordon).
        return await PowerAsync(node, "power off", (pm, ct) => pm.PowerOffAsync(node, ct), (real, ct) => lrms.PowerOffAsync(real, ct),
            cancellationToken, undo: ct => lrms.PowerOnAsync(node, ct)).ConfigureAwait(false);
    }

    private static PowerResult NoPowerManager(string node) =>
        PowerResult.Failed(node, "no power manager is configured (POWERMANAGER_CLASS)");

    /// <summary>The plugins' housekeeping; with no power manager nothing runs, as in CLUES.</summary>
    public async Task<bool> LifecycleAsync(CancellationToken cancellationToken)
    {
        if (powerManager is null)
        {
            return false;
        }
        var lrmsResult = await GuardAsync("lifecycle", async ct => (bool?)await lrms.LifecycleAsync(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (lrmsResult != true)
        {
            return false;
        }
        return await GuardAsync("power manager lifecycle", async ct => (bool?)await powerManager.LifecycleAsync(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false) == true;
    }

    private async Task<PowerResult> PowerAsync(string node, string action, Func<IPowerManager, CancellationToken, Task<PowerResult>> pmCall,
        Func<string, CancellationToken, Task<bool>> lrmsCall, CancellationToken cancellationToken, Func<CancellationToken, Task<bool>>? undo = null)
    {
        if (powerManager is null)
        {
            return NoPowerManager(node);
        }
        var result = await GuardAsync(action, ct => pmCall(powerManager, ct), cancellationToken).ConfigureAwait(false)
            ?? PowerResult.Failed(node, $"the power manager failed to {action} {node} (see the log)");
        if (!result.Success)
        {
            if (undo is not null)
            {
                await GuardAsync($"LRMS undo of prepare to {action}", async ct => (bool?)await undo(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            return result;
        }
        var real = string.IsNullOrWhiteSpace(result.NodeName) ? node : result.NodeName.Trim();
        var accepted = await GuardAsync($"LRMS {action}", async ct => (bool?)await lrmsCall(real, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return accepted == true ? PowerResult.Ok(real) : PowerResult.Failed(real, $"the LRMS refused to {action} {real}");
    }

    private async Task<T?> GuardAsync<T>(string call, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        CancellationTokenSource? timeout = null;
        try
        {
            var task = operation(linked.Token);
            if (!task.IsCompleted)
            {
                // The timeout's timer is armed only for a call that did not answer at once: the simulator's plugins
                // always do, and a timer per call was a good share of a simulated scheduling round.
                timeout = new CancellationTokenSource(TimeSpan.FromSeconds(general.TimeoutCommands), clock.TimeProvider);
                using var cancelCall = timeout.Token.Register(static state => ((CancellationTokenSource)state!).Cancel(), linked);
                // A plugin that ignores its token must not freeze the loop.
                await task.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            return await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            Log.TimedOut(logger, call, general.TimeoutCommands);
            return default;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.Failed(logger, call, ex.GetType().Name, ex.Message);
            Log.FailedDetail(logger, ex, call);
            return default;
        }
        finally
        {
            timeout?.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "plugin call '{Call}' did not finish within TIMEOUT_COMMANDS={Timeout} s")]
        public static partial void TimedOut(ILogger logger, string call, double timeout);

        [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "plugin call '{Call}' failed: {Type}: {Error}")]
        public static partial void Failed(ILogger logger, string call, string type, string error);

        [LoggerMessage(EventId = 502, Level = LogLevel.Debug, Message = "plugin call '{Call}' failed")]
        public static partial void FailedDetail(ILogger logger, Exception exception, string call);
    }
}
