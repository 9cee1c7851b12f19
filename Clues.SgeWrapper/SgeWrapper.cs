using System.Globalization;
using Clues.Core.Api.XmlRpc;
using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Power.CommandLine;
using Clues.Plugins.Sge;

namespace Clues.SgeWrapper;

/// <summary>
/// <c>clues-sge-wrapper</c>, a Grid Engine job submission verifier (<c>qsub -jsv</c>, or <c>jsv_url</c> in the
/// cluster configuration): tells CLUES about each job with <c>request_create</c>, then accepts it unchanged.
/// </summary>
/// <remarks>
/// FIX (spec plugins §4.4): with CLUES down, CLUES' wrapper printed a message in place of the protocol's answer and
/// exited. Here every job is accepted: the announcement is best effort, bounded by <c>ANNOUNCE_TIMEOUT</c>, and a
/// failure is only logged (a <c>LOG WARNING</c> line of the protocol); CLUES still finds the job when it polls
/// <c>qstat</c>. Nor does the wrapper wait for the request to be served, as CLUES' did (up to
/// <c>CLUES_REQUEST_WAIT_TIMEOUT</c>, holding <c>qsub</c>): Grid Engine queues a job whose hosts are down and starts
/// it as soon as one reports.
/// </remarks>
internal sealed class SgeWrapper(SgeWrapperOptions options, HttpMessageHandler httpHandler, ISgeCommandsFactory commandsFactory)
{
    private const string Name = "clues-sge-wrapper";

    /// <summary>What <c>clues-sge-wrapper --help</c> prints (Grid Engine starts a JSV without arguments).</summary>
    public const string Usage = $"""
        usage: {Name}
        A Grid Engine job submission verifier (JSV): announces each job to CLUES and accepts it unchanged.
        Install it for every qsub (sge_request: -jsv /usr/bin/{Name}), per submission (qsub -jsv ...) or in the
        qmaster (qconf -mconf: jsv_url script:/usr/bin/{Name}).
        Settings: [client] CLUES_XMLRPC and CLUES_SECRET_TOKEN, [{SgeWrapperOptions.Section}] ANNOUNCE_TIMEOUT, from
        /etc/clues2/clues2.cfg and conf.d, or the file named by CLUES_SGE_WRAPPER_CONFIG.

        """;

    /// <summary>Serves the JSV conversation on <paramref name="input"/> and <paramref name="output"/>; returns 0.</summary>
    public async Task<int> RunAsync(TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        await new JsvSession(input, output).RunAsync(AnnounceAsync, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Announces one job; returns what went wrong, to be logged.</summary>
    internal async Task<IReadOnlyList<string>> AnnounceAsync(IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        if (options.Endpoint is null || JsvJob.IsHeld(parameters))
        {
            return [];
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.AnnounceTimeout);
        try
        {
            var request = JsvJob.Read(parameters);
            var resources = request.ToResources(await SlotsPerHostAsync(request, timeout.Token).ConfigureAwait(false), options.Sge.DefaultQueue);
            using var http = new HttpClient(httpHandler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
            await CreateRequestAsync(new XmlRpcClient(http, options.Endpoint), resources, timeout.Token).ConfigureAwait(false);
            return [];
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return [$"{Name}: CLUES at {options.Endpoint} did not answer within {options.AnnounceTimeout.TotalSeconds:0.#} s; the job is accepted (CLUES finds it in qstat)"];
        }
        catch (FormatException ex)
        {
            return [$"{Name}: job not announced to CLUES: {ex.Message}; the job is accepted"];
        }
        catch (Exception ex) when (ex is HttpRequestException or XmlRpcFaultException or InvalidOperationException or IOException or SgeCommandException)
        {
            return [$"{Name}: could not announce the job to CLUES at {options.Endpoint}: {ex.Message}; the job is accepted (CLUES finds it in qstat)"];
        }
    }

    private async Task<int?> SlotsPerHostAsync(SgeJobRequest request, CancellationToken cancellationToken)
    {
        if (request.ParallelEnvironment is not { } pe)
        {
            return null;
        }
        var command = $"{options.Sge.QconfCommand} -sp {pe}";
        var output = await commandsFactory.Create(options.Sge).RunAsync(command, cancellationToken).ConfigureAwait(false);
        return SgeParallelEnvironment.SlotsPerHost(SgeParallelEnvironment.ReadAllocationRule(output, command), request.Slots);
    }

    // request_create(secret, cpus, memory, tasks, tasks, expression), the call CLUES' JSV wrapper makes; not tied to
    // a job id (Grid Engine has not given one yet). Memory as a double: XML-RPC i4 cannot hold byte counts over 2 GiB.
    private async Task CreateRequestAsync(XmlRpcClient client, Resources resources, CancellationToken cancellationToken)
    {
        var result = await client.CallAsync("request_create",
            [options.Secret, resources.Slots, resources.Memory, resources.TaskCount, resources.TaskCount, resources.Expressions[0]], cancellationToken)
            .ConfigureAwait(false);
        if (result is not object[] { Length: 2 } pair || pair[0] is not true)
        {
            var detail = result is object[] { Length: 2 } refused ? refused[1] : result;
            throw new InvalidOperationException("CLUES refused the request: " + Convert.ToString(detail, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Reads the settings: from the file named by <c>CLUES_SGE_WRAPPER_CONFIG</c> when set, else from CLUES' search
    /// path. A configuration problem is reported on <paramref name="error"/> and the defaults used for what could not
    /// be read: jobs are accepted either way.
    /// </summary>
    public static SgeWrapperOptions LoadOptions(string? explicitFile, TextWriter error) =>
        JobWrapperSettings.Load(Name, explicitFile, error, SgeWrapperOptions.Bind, endpoint => new SgeWrapperOptions { Endpoint = endpoint });
}

/// <summary>Makes the runner of the <c>qconf</c> command (a seam for tests).</summary>
internal interface ISgeCommandsFactory
{
    ISgeCommands Create(SgeLrmsOptions options);
}

/// <summary>Runs <c>qconf</c> through the shell, with <c>SGE_ROOT</c> and <c>SGE_TIMEOUT_COMMANDS</c>.</summary>
internal sealed class ShellSgeCommandsFactory(TimeProvider timeProvider) : ISgeCommandsFactory
{
    public ISgeCommands Create(SgeLrmsOptions options) =>
        new ShellSgeCommands(new ShellCommandRunner(timeProvider), options.CommandEnvironment(Environment.GetEnvironmentVariable("SGE_ROOT")), options.CommandTimeout);
}
