using System.Threading.Channels;
using CliWrap;
using CliWrap.Buffered;
using Clues.Core.Config;
using Clues.Core.HighAvailability;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Hooks;

/// <summary>
/// Runs the <c>[hooks]</c> commands (spec §7): without a shell, with the documented arguments, in the working
/// folder, under TIMEOUT_COMMAND.
/// </summary>
/// <remarks>
/// CLUES runs hooks synchronously on its loop, so a slow hook freezes the daemon. Here they run one at a time, in
/// the order they fired, on a background worker: the loop never waits for them and the order is kept.
/// </remarks>
public sealed partial class HookRunner : INodeHooks, IAsyncDisposable
{
    private readonly HooksOptions _options;
    private readonly ILogger<HookRunner> _logger;
    private readonly IActingFence _fence;
    private readonly Channel<(string Hook, string Command, string[] Args)> _queue = Channel.CreateUnbounded<(string, string, string[])>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _worker;

    /// <summary>Creates the runner and its worker.</summary>
    /// <param name="options">The <c>[hooks]</c> commands.</param>
    /// <param name="logger">Where each run is logged.</param>
    /// <param name="fence">Asked immediately before each hook runs (an active/standby pair); null = always.</param>
    public HookRunner(HooksOptions options, ILogger<HookRunner> logger, IActingFence? fence = null)
    {
        _options = options;
        _fence = fence ?? AlwaysActing.Instance;
        _logger = logger;
        _worker = options.Commands.Count == 0 ? Task.CompletedTask : Task.Run(WorkAsync);
    }

    /// <summary>Fires a hook with its arguments; does nothing if the hook is not configured.</summary>
    public void Fire(string hook, params string[] args)
    {
        if (_options.Commands.TryGetValue(hook, out var command) && command.Length > 0)
        {
            _queue.Writer.TryWrite((hook, command, args));
        }
    }

    /// <inheritdoc />
    public void PoweredOn(string node, bool unexpected)
    {
        if (unexpected)
        {
            Fire("UNEXPECTED_POWERON", node);
        }
        Fire("POWEREDON", node);
    }

    /// <inheritdoc />
    public void PoweredOff(string node, bool unexpected)
    {
        if (unexpected)
        {
            Fire("UNEXPECTED_POWEROFF", node);
        }
        Fire("POWEREDOFF", node);
    }

    /// <inheritdoc />
    public void Idle(string node) => Fire("IDLE", node);

    /// <inheritdoc />
    public void Used(string node) => Fire("USED", node);

    /// <inheritdoc />
    public void OffErr(string node, int failures) => Fire("OFFERR", node, failures.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public void OnErr(string node, int failures) => Fire("ONERR", node, failures.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public void Unknown(string node) => Fire("UNKNOWN", node);

    /// <summary>Waits until every hook fired so far has finished (tests, shutdown).</summary>
    public async Task DrainAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WorkAsync()
    {
        await foreach (var (hook, command, args) in _queue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
        {
            if (!_fence.MayAct($"hook {hook}"))
            {
                continue;
            }
            await RunAsync(hook, command, args).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(string hook, string command, string[] args)
    {
        var folder = _options.WorkingFolder.Length == 0 ? Directory.GetCurrentDirectory() : Expand(_options.WorkingFolder);
        if (!Directory.Exists(folder))
        {
            Log.NoFolder(_logger, hook, folder);
            return;
        }
        var path = Expand(command);
        if (!Path.IsPathRooted(path))
        {
            path = Path.GetFullPath(Path.Combine(folder, path));
        }
        using var timeout = _options.TimeoutCommand > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(_options.TimeoutCommand)) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
        try
        {
            var result = await Cli.Wrap(path).WithArguments(args).WithWorkingDirectory(folder)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(linked.Token).ConfigureAwait(false);
            Log.Ran(_logger, hook, path, string.Join(' ', args), result.ExitCode, result.StandardOutput.Trim());
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Log.TimedOut(_logger, hook, path, _options.TimeoutCommand);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.Failed(_logger, ex, hook, path);
        }
    }

    private static string Expand(string path)
    {
        path = Environment.ExpandEnvironmentVariables(path);
        if (path.StartsWith('~'))
        {
            path = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..];
        }
        return path;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Debug, Message = "hook {Hook}: {Command} {Args} exited with {ExitCode}; output: {Output}")]
        public static partial void Ran(ILogger logger, string hook, string command, string args, int exitCode, string output);

        [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "hook {Hook}: the working folder '{Folder}' does not exist; the hook was not run")]
        public static partial void NoFolder(ILogger logger, string hook, string folder);

        [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "hook {Hook}: {Command} did not finish within {Timeout} s and was killed")]
        public static partial void TimedOut(ILogger logger, string hook, string command, int timeout);

        [LoggerMessage(EventId = 403, Level = LogLevel.Error, Message = "hook {Hook}: {Command} could not be run")]
        public static partial void Failed(ILogger logger, Exception exception, string hook, string command);
    }
}
