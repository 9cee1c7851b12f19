using System.Text;
using CliWrap;

namespace Clues.Core.Power.CommandLine;

/// <summary>
/// Runs one command line through <c>/bin/sh -c</c> with a timeout, as CLUES' <c>runcommand(cmd, shell=True,
/// timeout=TIMEOUT_COMMANDS)</c> does: the shell starts in a process group of its own, standard output and error are
/// captured, and success means exit code 0.
/// </summary>
/// <remarks>
/// On timeout (or when the caller's token is cancelled) the stop has two stages: SIGTERM to the whole process group,
/// so a command can clean up, then SIGKILL to the group after <see cref="KillGracePeriod"/>. Killing the group and
/// not only the shell matters: <c>sh -c 'ipmitool ...'</c> leaves the real work in a child that would otherwise
/// outlive the timeout. The runner keeps no state between calls; one instance may run several commands at once.
/// </remarks>
public sealed class ShellCommandRunner
{
    /// <summary>The default pause between SIGTERM and SIGKILL.</summary>
    public static readonly TimeSpan DefaultKillGracePeriod = TimeSpan.FromSeconds(2);

    private const string Shell = "/bin/sh";

    // setsid(1) execs in place (same pid) with a new session and process group whose id is that pid, which is what
    // lets the timeout signal the whole group. Without it (a minimal system) the shell shares our group and
    // CliWrap's process-tree kill is the fallback.
    private static readonly string[] SetsidCandidates = ["/usr/bin/setsid", "/bin/setsid"];

    private readonly TimeProvider _timeProvider;
    private readonly string? _setsid;

    /// <summary>Creates a runner.</summary>
    /// <param name="timeProvider">The clock of the timeouts.</param>
    /// <param name="killGracePeriod">Pause between SIGTERM and SIGKILL; <see cref="DefaultKillGracePeriod"/> when null.</param>
    public ShellCommandRunner(TimeProvider timeProvider, TimeSpan? killGracePeriod = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        KillGracePeriod = killGracePeriod ?? DefaultKillGracePeriod;
        _setsid = Array.Find(SetsidCandidates, File.Exists);
    }

    /// <summary>The pause between SIGTERM and SIGKILL when a command is stopped.</summary>
    public TimeSpan KillGracePeriod { get; }

    /// <summary>Runs <paramref name="commandLine"/> and waits for it, at most <paramref name="timeout"/>.</summary>
    /// <param name="commandLine">Shell text, passed unchanged to <c>/bin/sh -c</c>.</param>
    /// <param name="timeout">How long the command may run; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Stops the command (both stages) and then throws.</param>
    /// <returns>The result; a timeout or a start failure is a result, not an exception.</returns>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ShellCommandResult> RunAsync(string commandLine, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(commandLine, environment: null, timeout, cancellationToken);

    /// <summary>
    /// Runs <paramref name="commandLine"/> with extra environment variables (for example <c>SLURM_CONF</c> for the
    /// Slurm client commands) and waits for it, at most <paramref name="timeout"/>.
    /// </summary>
    /// <param name="commandLine">Shell text, passed unchanged to <c>/bin/sh -c</c>.</param>
    /// <param name="environment">Variables set for the command on top of this process' environment; a null value
    /// removes the variable. Null or empty: the environment is inherited unchanged.</param>
    /// <param name="timeout">How long the command may run; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Stops the command (both stages) and then throws.</param>
    /// <returns>The result; a timeout or a start failure is a result, not an exception.</returns>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ShellCommandResult> RunAsync(string commandLine, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        cancellationToken.ThrowIfCancellationRequested();

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var command = (_setsid is null
                ? Cli.Wrap(Shell).WithArguments(["-c", commandLine])
                : Cli.Wrap(_setsid).WithArguments([Shell, "-c", commandLine]))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr));
        if (environment is { Count: > 0 })
        {
            command = command.WithEnvironmentVariables(environment);
        }

        using var forceful = new CancellationTokenSource();
        CommandTask<CommandResult> running;
        try
        {
            running = command.ExecuteAsync(forceful.Token);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new ShellCommandResult(commandLine, -1, "", "", StartError: ex.Message);
        }

        using var deadline = timeout == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(timeout, _timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            var result = await running.Task.WaitAsync(stop.Token).ConfigureAwait(false);
            return new ShellCommandResult(commandLine, result.ExitCode, stdout.ToString(), stderr.ToString());
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await StopAsync(running, forceful).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return new ShellCommandResult(commandLine, -1, stdout.ToString(), stderr.ToString(), TimedOut: true);
        }
    }

    private async Task StopAsync(CommandTask<CommandResult> running, CancellationTokenSource forceful)
    {
        var groupId = running.ProcessId;
        if (_setsid is not null)
        {
            ProcessGroupSignals.Signal(groupId, ProcessGroupSignals.SigTerm);
            if (await FinishesWithinAsync(running.Task, KillGracePeriod).ConfigureAwait(false))
            {
                return;
            }
            ProcessGroupSignals.Signal(groupId, ProcessGroupSignals.SigKill);
        }
        // CliWrap's forceful cancellation kills the shell's process tree: the only kill without setsid, and a
        // backstop for a child that left the group. Its task then ends with OperationCanceledException.
        await forceful.CancelAsync().ConfigureAwait(false);
        await FinishesWithinAsync(running.Task, KillGracePeriod).ConfigureAwait(false);
    }

    private async Task<bool> FinishesWithinAsync(Task task, TimeSpan limit)
    {
        try
        {
            await task.WaitAsync(limit, _timeProvider).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }
}
