using System.Globalization;
using System.Text;
using Clues.Core.Api.XmlRpc;
using Clues.Core.Config;
using Clues.Plugins.OpenNebula;
using Clues.Plugins.OpenNebula.Api;

namespace Clues.OneWrapper;

/// <summary>
/// <c>clues-one-wrapper</c>, an OpenNebula VM hook run when a VM is created: it tells CLUES what the VM needs, so that
/// CLUES powers a host on for it, and holds the VM meanwhile (spec plugins §4.5).
/// </summary>
/// <remarks>
/// <para>Steps: decode the VM (the hook's base64 <c>$TEMPLATE</c>); check that CLUES answers; hold the VM; create the
/// request <c>(CPU × 100, MEMORY × 1024, 1 task)</c> linked to the VM id; wait until CLUES has served it or
/// <c>CLUES_REQUEST_WAIT_TIMEOUT</c> passed; release the VM.</para>
/// <para>CLUES down never blocks the VM: if CLUES does not answer, the VM is not touched and OpenNebula schedules it as
/// usual; every call to CLUES is bounded by <c>ANNOUNCE_TIMEOUT</c>. FIX: CLUES' hook left the VM on hold for good when
/// the request could not be created, and always exited 0; here a held VM is always released, and the exit code says
/// whether that worked.</para>
/// </remarks>
internal sealed class OneWrapper(OneWrapperOptions options, HttpMessageHandler httpHandler, TextWriter output, TimeProvider time)
{
    public const string Name = "clues-one-wrapper";

    /// <summary>What <c>clues-one-wrapper --help</c> prints.</summary>
    public const string Usage = $"""
        usage: {Name} [--config FILE] <base64 VM document>
        An OpenNebula VM-create hook (ARGUMENTS = "$TEMPLATE"): announces the new VM to CLUES, holds it until CLUES
        has a host for it, and always releases it.
        Settings: [client] CLUES_XMLRPC and CLUES_SECRET_TOKEN, [{OneWrapperOptions.Section}], from --config FILE, the
        file named by CLUES_ONE_WRAPPER_CONFIG, or /etc/clues2/clues2.cfg and conf.d.

        """;

    /// <summary>Done: the VM was announced and released, or left alone because CLUES is not there.</summary>
    public const int Done = 0;

    /// <summary>The VM may still be on hold: releasing it failed (<c>onevm release ID</c> frees it).</summary>
    public const int LeftOnHold = 1;

    /// <summary>Wrong arguments, or the argument is not a base64 VM document.</summary>
    public const int BadInput = 2;

    // A VM document is a few KB; anything this large is not one.
    private const int MaxArgumentCharacters = 4 << 20;

    /// <summary>Runs the hook for the base64 VM document <paramref name="encodedVm"/>.</summary>
    public async Task<int> RunAsync(string encodedVm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encodedVm);
        OneVm vm;
        try
        {
            vm = Decode(encodedVm);
        }
        catch (Exception ex) when (ex is FormatException or OneApiException)
        {
            await Say($"the argument is not a base64 OpenNebula VM document ({ex.Message}); no request for CLUES").ConfigureAwait(false);
            return BadInput;
        }
        if (options.CluesEndpoint is null)
        {
            return Done;
        }
        using var http = new HttpClient(httpHandler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        var clues = new CluesRequests(new XmlRpcClient(http, options.CluesEndpoint, time), options.Secret, options.AnnounceTimeout);
        try
        {
            await clues.VersionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCallFailure(ex, cancellationToken))
        {
            await Say($"CLUES at {options.CluesEndpoint} does not answer ({ex.Message}); VM {vm.Id} is left to OpenNebula").ConfigureAwait(false);
            return Done;
        }

        var one = new OneClient(http, options.One, time);
        // Not cancellable once started: the hook must know whether it holds the VM (the call is bounded by ONE_XMLRPC_TIMEOUT).
        var held = await TryAsync(() => one.VmActionAsync(OneVmAction.Hold, vm.Id, CancellationToken.None),
            $"could not hold VM {vm.Id}; announcing it anyway", CancellationToken.None).ConfigureAwait(false);
        try
        {
            // A VM that could not be held is already being scheduled: announce it, but waiting would serve nothing.
            await AnnounceAsync(clues, vm, waitForIt: held, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Say($"stopped; releasing VM {vm.Id}").ConfigureAwait(false);
        }
        if (!held)
        {
            return Done;
        }
        // Released even when the hook is being stopped: a held VM would never run.
        var released = await TryAsync(() => one.VmActionAsync(OneVmAction.Release, vm.Id, CancellationToken.None),
            $"could not release VM {vm.Id}, which stays on hold until released (onevm release {vm.Id})", CancellationToken.None).ConfigureAwait(false);
        return released ? Done : LeftOnHold;
    }

    private async Task AnnounceAsync(CluesRequests clues, OneVm vm, bool waitForIt, CancellationToken cancellationToken)
    {
        long request;
        try
        {
            request = await clues.CreateAsync(vm.Cpu * 100, vm.MemoryMb * 1024, vm.Id, vm.LastHost is { } host ? [host] : [], cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCallFailure(ex, cancellationToken) || ex is InvalidOperationException)
        {
            await Say($"could not announce VM {vm.Id} to CLUES at {options.CluesEndpoint}: {ex.Message}").ConfigureAwait(false);
            return;
        }
        if (!waitForIt)
        {
            return;
        }
        var deadline = time.GetUtcNow() + options.RequestWaitTimeout;
        while (true)
        {
            try
            {
                if (await clues.ServedAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception ex) when (IsCallFailure(ex, cancellationToken) || ex is InvalidOperationException)
            {
                await Say($"stopped waiting for CLUES request {request} of VM {vm.Id}: {ex.Message}").ConfigureAwait(false);
                return;
            }
            if (time.GetUtcNow() >= deadline)
            {
                await Say(string.Create(CultureInfo.InvariantCulture,
                    $"CLUES request {request} of VM {vm.Id} not served within {options.RequestWaitTimeout.TotalSeconds:0.#} s ([client] CLUES_REQUEST_WAIT_TIMEOUT); releasing the VM anyway"))
                    .ConfigureAwait(false);
                return;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static OneVm Decode(string encoded)
    {
        if (encoded.Length > MaxArgumentCharacters)
        {
            throw new FormatException($"longer than {MaxArgumentCharacters} characters");
        }
        var xml = Encoding.UTF8.GetString(Convert.FromBase64String(encoded.Trim()));
        return OneXml.VmDocument(xml);
    }

    private async Task<bool> TryAsync(Func<Task> action, string failure, CancellationToken cancellationToken)
    {
        try
        {
            await action().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is OneApiException || IsCallFailure(ex, cancellationToken))
        {
            await Say($"{failure}: {ex.Message}").ConfigureAwait(false);
            return false;
        }
    }

    private static bool IsCallFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or XmlRpcFaultException or TimeoutException or IOException
        || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested;

    private Task Say(string message) => output.WriteLineAsync($"{Name}: {message}");

    /// <summary>
    /// Reads the settings from <paramref name="explicitFile"/> when given, else from CLUES' search path. A problem is
    /// reported and the defaults used: the VM must never wait on a configuration mistake.
    /// </summary>
    public static OneWrapperOptions LoadOptions(string? explicitFile, TextWriter error) =>
        JobWrapperSettings.Load(Name, explicitFile, error, OneWrapperOptions.Bind, endpoint => new OneWrapperOptions { CluesEndpoint = endpoint });
}
