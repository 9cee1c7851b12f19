using System.Globalization;
using System.Text;
using Clues.Core.Api.XmlRpc;
using Clues.Core.Config;
using Clues.Core.Model;

namespace Clues.PbsWrapper;

/// <summary>
/// <c>clues-pbs-wrapper</c>, Torque's qsub submit filter (<c>SUBMITFILTER</c> in <c>torque.cfg</c>): qsub runs it with
/// its own arguments and the job script on standard input, and submits what it prints, if it exits 0. The filter
/// prints the script unchanged, then announces the job to CLUES with <c>request_create</c>, and exits 0.
/// </summary>
/// <remarks>
/// FIX (spec plugins §4.3): CLUES' filter did not compile on Python 3; with CLUES down it printed its error message
/// to standard output, which Torque would have submitted as the job script; it added a space to every line; and it
/// held the submission until CLUES served the request. Here the script is copied byte for byte before anything else
/// happens, the announcement is best effort, bounded by <c>ANNOUNCE_TIMEOUT</c>, its problems go to standard error,
/// and the exit code is 0 whatever CLUES does: Torque queues the job, starts it when a node comes up, and CLUES also
/// finds it by polling <c>qstat</c>.
/// </remarks>
internal sealed class PbsSubmitFilter(PbsWrapperOptions options, HttpMessageHandler httpHandler, TextWriter error)
{
    private const string Name = "clues-pbs-wrapper";

    /// <summary>What <c>clues-pbs-wrapper --help</c> prints (the filter gets qsub's arguments, and Torque's qsub has no --help).</summary>
    public const string Usage = $"""
        usage: {Name} [QSUB ARGUMENTS] < SCRIPT
        A Torque qsub submit filter: copies the job script to standard output unchanged and announces the job to CLUES.
        Install it in $TORQUE_HOME/torque.cfg on every submit host: SUBMITFILTER /usr/bin/{Name}
        Settings: [client] CLUES_XMLRPC and CLUES_SECRET_TOKEN, [{PbsWrapperOptions.Section}], from
        /etc/clues2/clues2.cfg and conf.d, or the file named by CLUES_PBS_WRAPPER_CONFIG.

        """;

    /// <summary>Only the start of a larger script is read for directives (they are at its top); all of it is passed on.</summary>
    public const int MaxScriptCharacters = 1 << 20;

    /// <summary>The exit code when the script could not be passed on (qsub then refuses the job, and says so).</summary>
    public const int OutputFailed = 1;

    /// <summary>Passes the script on and announces the job.</summary>
    /// <param name="arguments">qsub's arguments.</param>
    /// <param name="input">The job script.</param>
    /// <param name="output">Where qsub reads the filtered script.</param>
    /// <param name="cancellationToken">Cancels the announcement.</param>
    /// <returns>0, or <see cref="OutputFailed"/> when the script could not be read or written.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> arguments, Stream input, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var head = new MemoryStream();
        try
        {
            // Copy everything, keeping the first bytes to read the directives from.
            var buffer = new byte[81920];
            int read;
            while ((read = await input.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None).ConfigureAwait(false);
                if (head.Length < MaxScriptCharacters)
                {
                    head.Write(buffer, 0, (int)Math.Min(read, MaxScriptCharacters - head.Length));
                }
            }
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await error.WriteLineAsync($"{Name}: cannot pass the job script on to qsub: {ex.Message}").ConfigureAwait(false);
            return OutputFailed;
        }
        try
        {
            await AnnounceAsync(arguments, Encoding.UTF8.GetString(head.GetBuffer(), 0, (int)head.Length), cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever goes wrong in the announcement, qsub must get exit code 0, or it drops the job.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"{Name}: the job was not announced to CLUES: {ex.Message}").ConfigureAwait(false);
        }
        return 0;
    }

    private async Task AnnounceAsync(IReadOnlyList<string> arguments, string script, CancellationToken cancellationToken)
    {
        if (options.Endpoint is null)
        {
            return;
        }
        Resources job;
        try
        {
            job = QsubJob.Read(script, arguments).ToResources();
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
            // Memory as a double: XML-RPC i4 cannot hold byte counts over 2 GiB, and CLUES reads any number.
            var result = await new XmlRpcClient(http, options.Endpoint).CallAsync("request_create",
                [options.Secret, job.Slots, job.Memory, job.TaskCount, job.MaxTasksPerNode, job.Expressions[0]], timeout.Token).ConfigureAwait(false);
            if (result is not object[] { Length: 2 } pair || pair[0] is not true)
            {
                var detail = result is object[] { Length: 2 } refused ? refused[1] : result;
                await error.WriteLineAsync($"{Name}: CLUES refused the request: {Convert.ToString(detail, CultureInfo.InvariantCulture)}").ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"{Name}: CLUES at {options.Endpoint} did not answer within {options.AnnounceTimeout.TotalSeconds:0.#} s; " +
                "the job is submitted anyway (CLUES finds it in Torque's queue)").ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Interrupted by the user: the script is already passed on.
        }
        catch (Exception ex) when (ex is HttpRequestException or XmlRpcFaultException or IOException or FormatException or InvalidOperationException)
        {
            await error.WriteLineAsync($"{Name}: could not announce the job to CLUES at {options.Endpoint}: {ex.Message}; " +
                "the job is submitted anyway (CLUES finds it in Torque's queue)").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the settings: from the file named by <c>CLUES_PBS_WRAPPER_CONFIG</c> when set, else from CLUES' search path.
    /// A configuration problem is reported and the defaults used for what could not be read: the job passes either way.
    /// </summary>
    public static PbsWrapperOptions LoadOptions(string? explicitFile, TextWriter error) =>
        JobWrapperSettings.Load(Name, explicitFile, error, PbsWrapperOptions.Bind, endpoint => new PbsWrapperOptions { Endpoint = endpoint });
}
