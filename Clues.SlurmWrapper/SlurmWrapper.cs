using System.ComponentModel;
using System.Text;
using Clues.Core.Api.XmlRpc;
using Clues.Core.Config;

namespace Clues.SlurmWrapper;

/// <summary>
/// <c>clues-slurm-wrapper</c>, installed in place of <c>sbatch</c>: announces the job to CLUES, then submits it
/// with the real sbatch, passing its output and exit code through.
/// </summary>
/// <remarks>
/// FIX (spec plugins §4.2): CLUES' wrapper dropped the job when CLUES was down, and always exited 0. Here the job is
/// always submitted: the announcement is best effort, bounded by <c>ANNOUNCE_TIMEOUT</c>, and a failure is only
/// reported on standard error (CLUES still finds the job when it polls Slurm's queue). Nor does the wrapper wait for
/// the request to be served before submitting, as CLUES' did (up to <c>CLUES_REQUEST_WAIT_TIMEOUT</c>): Slurm
/// accepts a job whose nodes are down and starts it the moment one registers, and waiting would only add the time
/// CLUES needs to see the node up.
/// </remarks>
internal sealed class SlurmWrapper(SlurmWrapperOptions options, HttpMessageHandler httpHandler, TextWriter error)
{
    private const string Name = "clues-slurm-wrapper";

    // Larger scripts are still submitted whole; the directives are at their top.
    private const int MaxScriptCharacters = 1 << 20;

    /// <summary>Announces and submits the job; returns the real sbatch's exit code.</summary>
    /// <param name="arguments">sbatch's arguments, passed on unchanged.</param>
    /// <param name="input">The wrapper's standard input: read only when the script comes from it.</param>
    /// <param name="cancellationToken">Cancels the announcement (never the submission once begun).</param>
    public async Task<int> RunAsync(IReadOnlyList<string> arguments, Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(input);
        var commandLine = SbatchCommandLine.Parse(arguments);
        byte[]? stdinScript = null;
        if (commandLine.ScriptFromStandardInput)
        {
            var buffer = new MemoryStream();
            await input.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            stdinScript = buffer.ToArray();
        }
        if (!commandLine.Informational)
        {
            await AnnounceAsync(commandLine, stdinScript, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            return await RealSbatch.RunAsync(options.Sbatch, arguments, stdinScript, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception ex)
        {
            await error.WriteLineAsync($"{Name}: cannot run the real sbatch {options.Sbatch} ([{SlurmWrapperOptions.Section}] SBATCH): {ex.Message}")
                .ConfigureAwait(false);
            return RealSbatch.NotStarted;
        }
    }

    private async Task AnnounceAsync(SbatchCommandLine commandLine, byte[]? stdinScript, CancellationToken cancellationToken)
    {
        if (options.Endpoint is null)
        {
            return;
        }
        SbatchJob job;
        try
        {
            job = commandLine.ReadJob(stdinScript is not null ? Encoding.UTF8.GetString(stdinScript) : ReadScript(commandLine.ScriptPath));
        }
        catch (FormatException ex)
        {
            await error.WriteLineAsync($"{Name}: job not announced to CLUES: {ex.Message}").ConfigureAwait(false);
            return;
        }
        using var http = new HttpClient(httpHandler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.AnnounceTimeout);
        try
        {
            await new CluesAnnouncer(new XmlRpcClient(http, options.Endpoint), options.Secret).AnnounceAsync(job, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"{Name}: CLUES at {options.Endpoint} did not answer within {options.AnnounceTimeout.TotalSeconds:0.#} s; " +
                "submitting anyway (CLUES finds the job in Slurm's queue)").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or XmlRpcFaultException or InvalidOperationException or IOException)
        {
            await error.WriteLineAsync($"{Name}: could not announce the job to CLUES at {options.Endpoint}: {ex.Message}; " +
                "submitting anyway (CLUES finds the job in Slurm's queue)").ConfigureAwait(false);
        }
    }

    // The script file, for its #SBATCH lines; one sbatch cannot read either is reported by sbatch itself.
    private static string? ReadScript(string? path)
    {
        if (path is null)
        {
            return null;
        }
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            var buffer = new char[MaxScriptCharacters];
            var count = reader.ReadBlock(buffer, 0, buffer.Length);
            return new string(buffer, 0, count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the settings: from the file named by <c>CLUES_SLURM_WRAPPER_CONFIG</c> when set (sbatch's arguments
    /// leave no room for a <c>--config</c>), else from CLUES' search path. A configuration problem is reported and
    /// the defaults used for what could not be read: the job is submitted either way.
    /// </summary>
    public static SlurmWrapperOptions LoadOptions(string? explicitFile, TextWriter error) =>
        JobWrapperSettings.Load(Name, explicitFile, error, SlurmWrapperOptions.Bind,
            () => new SlurmWrapperOptions { Endpoint = new Uri(new ClientOptions().XmlRpcUrl) });
}
