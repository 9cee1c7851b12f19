using Clues.Core.Model;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Power.CommandLine;

/// <summary>
/// A power manager that switches a node by running a shell command (CLUES' <c>PowerManager_cmdline</c>, spec
/// plugins §3): the base of <c>cluesplugins.commandline</c>, <c>ipmi</c>, <c>wol</c> and <c>dmachine</c>, and of any
/// plugin that drives a CLI (virsh, a cloud CLI...).
/// </summary>
/// <remarks>
/// <para>For each action:</para>
/// <list type="number">
/// <item>With a hosts file, the node's address is looked up in it; a node it does not list fails. Without one, the
/// address is the node name.</item>
/// <item><c>%%h</c>/<c>%h</c> become the node name and <c>%%a</c>/<c>%a</c> the address, as plain text.</item>
/// <item>The command runs through <c>/bin/sh -c</c> in its own process group under <see cref="CommandLinePowerOptions.Timeout"/>;
/// on timeout the group gets SIGTERM, then SIGKILL.</item>
/// <item>Exit code 0 is success. Otherwise the result is a failure naming the command line, the exit code and the
/// tail of standard error.</item>
/// <item>With <see cref="CommandLinePowerOptions.NodeNameFromOutput"/>, a trimmed one-word standard output is the
/// name of the node really switched; anything else means the node asked for.</item>
/// </list>
/// <para>Failures are results, never exceptions: a missing hosts file or an unknown node fails that one action with
/// a message saying why (FIX spec core §14 Q17: CLUES exits the process or raises there).</para>
/// </remarks>
public abstract partial class CommandLinePowerManager : IPowerManager
{
    private readonly ILogger _logger;
    private HostsFile? _hosts;

    /// <summary>Creates the power manager.</summary>
    /// <param name="options">Commands, hosts file and timeout.</param>
    /// <param name="logger">The logger of the concrete plugin.</param>
    /// <param name="timeProvider">The clock of the command timeouts.</param>
    protected CommandLinePowerManager(CommandLinePowerOptions options, ILogger logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Options = options;
        _logger = logger;
        Runner = new ShellCommandRunner(timeProvider, options.KillGracePeriod);
        if (options.HostsFile is not null)
        {
            HostsFilePath = HostsFile.Resolve(options.HostsFile, options.HostsSearchDirectories);
            if (!File.Exists(HostsFilePath))
            {
                // Not fatal (FIX Q17): the file may appear later; until then every action fails with this reason.
                Log.HostsFileMissing(_logger, HostsFilePath, options.Section, options.HostsFileKey);
            }
        }
    }

    /// <summary>The options in use.</summary>
    protected CommandLinePowerOptions Options { get; }

    /// <summary>The runner of the commands, for subclasses that run other commands the same way.</summary>
    protected ShellCommandRunner Runner { get; }

    /// <summary>The resolved hosts file path, or null when no hosts file is configured.</summary>
    protected string? HostsFilePath { get; }

    /// <inheritdoc />
    public virtual Task<PowerResult> PowerOnAsync(string node, CancellationToken cancellationToken) =>
        RunPowerCommandAsync(Options.PowerOnCommand, Options.PowerOnKey, node, cancellationToken);

    /// <inheritdoc />
    public virtual Task<PowerResult> PowerOffAsync(string node, CancellationToken cancellationToken) =>
        RunPowerCommandAsync(Options.PowerOffCommand, Options.PowerOffKey, node, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Nothing by default; subclasses may reconcile here.</remarks>
    public virtual Task<bool> LifecycleAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>Runs the power command <paramref name="template"/> for <paramref name="node"/> (steps 1 to 5).</summary>
    /// <param name="template">The command template.</param>
    /// <param name="key">Its configuration key, for messages.</param>
    /// <param name="node">The node asked for.</param>
    /// <param name="cancellationToken">Stops the command and throws.</param>
    protected async Task<PowerResult> RunPowerCommandAsync(string template, string key, string node, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        if (string.IsNullOrWhiteSpace(template))
        {
            // FIX: CLUES runs the empty command, which "succeeds" without switching anything.
            return Fail(node, $"no command configured: [{Options.Section}] {key} is empty");
        }

        var (address, lookupError) = await LookupAddressAsync(node, cancellationToken).ConfigureAwait(false);
        if (lookupError is not null)
        {
            return Fail(node, lookupError);
        }

        var commandLine = CommandTemplate.Substitute(template, node, address!);
        Log.Running(_logger, node, commandLine);
        var result = await Runner.RunAsync(commandLine, Options.Timeout, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            return Fail(node, result.DescribeFailure());
        }

        var realName = Options.NodeNameFromOutput ? NodeNameFromOutput(result.StandardOutput, node) : node;
        Log.Succeeded(_logger, node, realName);
        return PowerResult.Ok(realName);
    }

    /// <summary>
    /// The node a command reports having switched: its trimmed output when that is one word, else
    /// <paramref name="requested"/>.
    /// </summary>
    /// <remarks>
    /// FIX (spec core §14 Q17, plugins §3 step 4): CLUES takes the untrimmed output (<c>"node01\n"</c>, or <c>""</c>)
    /// as the name and then fails to find that node.
    /// </remarks>
    protected static string NodeNameFromOutput(string output, string requested)
    {
        var trimmed = output.Trim();
        return trimmed.Length == 0 || trimmed.Any(char.IsWhiteSpace) ? requested : trimmed;
    }

    /// <summary>Logs and builds a failed result.</summary>
    protected PowerResult Fail(string node, string reason)
    {
        Log.Failed(_logger, node, reason);
        return PowerResult.Failed(node, reason);
    }

    private async Task<(string? Address, string? Error)> LookupAddressAsync(string node, CancellationToken cancellationToken)
    {
        if (HostsFilePath is null)
        {
            return (node, null);
        }
        if (_hosts is null)
        {
            try
            {
                var loaded = await HostsFile.LoadAsync(HostsFilePath, cancellationToken).ConfigureAwait(false);
                foreach (var line in loaded.MalformedLines)
                {
                    Log.MalformedHostEntry(_logger, HostsFilePath, line);
                }
                // Read once, as CLUES does; a file that failed is retried at the next action.
                _hosts = loaded;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return (null, $"hosts file '{HostsFilePath}' ([{Options.Section}] {Options.HostsFileKey}) cannot be read: {ex.Message}");
            }
        }
        var address = _hosts.AddressOf(node);
        return address is null
            ? (null, $"the address of node '{node}' is unknown: it is not listed in hosts file '{HostsFilePath}'")
            : (address, null);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Power command for node {Node}: {CommandLine}")]
        public static partial void Running(ILogger logger, string node, string commandLine);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Power command for node {Node} succeeded (node switched: {RealName})")]
        public static partial void Succeeded(ILogger logger, string node, string realName);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Power command for node {Node} failed: {Reason}")]
        public static partial void Failed(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Hosts file {Path} ([{Section}] {Key}) does not exist: every power action will fail until it does")]
        public static partial void HostsFileMissing(ILogger logger, string path, string section, string key);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Malformed host entry in {Path}: '{Line}'")]
        public static partial void MalformedHostEntry(ILogger logger, string path, string line);
    }
}
