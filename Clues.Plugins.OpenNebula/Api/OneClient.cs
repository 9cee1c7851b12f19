using System.Globalization;
using Clues.Core.Api.XmlRpc;

namespace Clues.Plugins.OpenNebula.Api;

/// <summary>What a power manager asks OpenNebula to do with a VM.</summary>
internal enum OneVmAction
{
    /// <summary>An ACPI shutdown (<c>shutdown</c>, <c>terminate</c> since OpenNebula 5).</summary>
    Shutdown,
    /// <summary>Stop and remove it now (<c>delete</c>, <c>terminate-hard</c> since OpenNebula 5).</summary>
    Delete,
    /// <summary>Keep a pending VM from being scheduled.</summary>
    Hold,
    /// <summary>Let a held VM be scheduled.</summary>
    Release,
}

/// <summary>
/// The OpenNebula XML-RPC calls CLUES makes (CLUES' <c>cpyutils.oneconnect.ONEConnect</c>), over the project's
/// XML-RPC codec. Every failure is an <see cref="OneApiException"/>.
/// </summary>
/// <remarks>
/// OpenNebula answers every call with an array <c>[success, value or error message, error code, ...]</c>. The server
/// version (<c>one.system.version</c>) is read once, on the first call that depends on it: OpenNebula 5 renamed the
/// VM actions (FIX: CLUES kept sending <c>shutdown</c>/<c>delete</c>, which OpenNebula 5 and later refuse), and
/// versions before 4 take no hold flag in <c>one.vm.allocate</c>.
/// </remarks>
internal sealed class OneClient
{
    private readonly OneConnection _connection;
    private readonly XmlRpcClient _rpc;
    private int? _majorVersion;

    public OneClient(HttpClient http, OneConnection connection, TimeProvider time)
    {
        _connection = connection;
        _rpc = new XmlRpcClient(http, connection.Endpoint, time) { MaxResponseBytes = connection.MaxResponseBytes };
    }

    /// <summary>The connection in use.</summary>
    public OneConnection Connection => _connection;

    /// <summary><c>one.hostpool.info</c>: every host.</summary>
    public async Task<IReadOnlyList<OneHost>> GetHostsAsync(CancellationToken cancellationToken) =>
        OneXml.HostPool(await CallForTextAsync("one.hostpool.info", [], cancellationToken).ConfigureAwait(false));

    /// <summary><c>one.vmpool.info(-2, -1, -1, -1)</c>: every VM the user may see that is not done.</summary>
    public async Task<IReadOnlyList<OneVm>> GetVmsAsync(CancellationToken cancellationToken) =>
        OneXml.VmPool(await CallForTextAsync("one.vmpool.info", [-2, -1, -1, -1], cancellationToken).ConfigureAwait(false));

    /// <summary><c>one.vm.info</c>: one VM.</summary>
    public async Task<OneVm> GetVmAsync(long id, CancellationToken cancellationToken) =>
        OneXml.VmDocument(await CallForTextAsync("one.vm.info", [id], cancellationToken).ConfigureAwait(false));

    /// <summary><c>one.templatepool.info(-2, -1, -1)</c>: every template the user may see.</summary>
    public async Task<IReadOnlyList<OneTemplate>> GetTemplatesAsync(CancellationToken cancellationToken) =>
        OneXml.TemplatePool(await CallForTextAsync("one.templatepool.info", [-2, -1, -1], cancellationToken).ConfigureAwait(false));

    /// <summary><c>one.vm.allocate</c>: creates a VM from template text, not on hold; returns its id.</summary>
    public async Task<long> AllocateVmAsync(string template, CancellationToken cancellationToken)
    {
        object[] arguments = await MajorVersionAsync(cancellationToken).ConfigureAwait(false) < 4 ? [template] : [template, false];
        return Id("one.vm.allocate", await CallAsync("one.vm.allocate", arguments, cancellationToken).ConfigureAwait(false));
    }

    /// <summary><c>one.template.instantiate(id, "", false, "")</c>: creates a VM from a registered template; returns its id.</summary>
    public async Task<long> InstantiateTemplateAsync(long templateId, CancellationToken cancellationToken) =>
        Id("one.template.instantiate", await CallAsync("one.template.instantiate", [templateId, "", false, ""], cancellationToken).ConfigureAwait(false));

    /// <summary><c>one.vm.action</c> with the action name the server's version knows.</summary>
    public async Task VmActionAsync(OneVmAction action, long vmId, CancellationToken cancellationToken)
    {
        var modern = action is OneVmAction.Shutdown or OneVmAction.Delete && await MajorVersionAsync(cancellationToken).ConfigureAwait(false) >= 5;
        var name = action switch
        {
            OneVmAction.Shutdown => modern ? "terminate" : "shutdown",
            OneVmAction.Delete => modern ? "terminate-hard" : "delete",
            OneVmAction.Hold => "hold",
            _ => "release",
        };
        await CallAsync("one.vm.action", [name, vmId], cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>one.system.version</c>: the server's version, for example <c>6.8.0</c>.</summary>
    public async Task<string> GetVersionAsync(CancellationToken cancellationToken) =>
        await CallForTextAsync("one.system.version", [], cancellationToken).ConfigureAwait(false);

    private async Task<int> MajorVersionAsync(CancellationToken cancellationToken)
    {
        if (_majorVersion is { } known)
        {
            return known;
        }
        var version = await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        var major = version.Split('.')[0].Trim();
        _majorVersion = int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new OneApiException($"OpenNebula at {_connection.Display} reports version '{Excerpt(version)}', which is not a version number");
        return number;
    }

    private async Task<string> CallForTextAsync(string method, object[] arguments, CancellationToken cancellationToken) =>
        await CallAsync(method, arguments, cancellationToken).ConfigureAwait(false) is string text
            ? text
            : throw new OneApiException($"OpenNebula at {_connection.Display} answered {method} with a value that is not a string");

    /// <summary>Calls <paramref name="method"/> with the session first; returns the value of a successful answer.</summary>
    private async Task<object> CallAsync(string method, object[] arguments, CancellationToken cancellationToken)
    {
        object answer;
        try
        {
            answer = await _rpc.CallAsync(method, [_connection.Session, .. arguments], _connection.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (XmlRpcFaultException ex)
        {
            throw new OneApiException($"OpenNebula at {_connection.Display} answered {method} with fault {ex.FaultCode}: {Excerpt(ex.FaultString)}", ex.FaultCode, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new OneApiException($"OpenNebula at {_connection.Display} failed {method}: {ex.Message}", ex);
        }
        catch (TimeoutException ex)
        {
            throw new OneApiException($"OpenNebula failed {method}: {ex.Message}", ex);
        }
        if (answer is not object[] { Length: >= 2 } reply || reply[0] is not bool success)
        {
            throw new OneApiException($"OpenNebula at {_connection.Display} answered {method} with {XmlRpcArguments.TypeName(answer)} instead of [success, value, code]");
        }
        if (!success)
        {
            var code = reply.Length > 2 && reply[2] is long l ? (int)l : (int?)null;
            throw new OneApiException($"OpenNebula at {_connection.Display} refused {method}: {Excerpt(Convert.ToString(reply[1], CultureInfo.InvariantCulture) ?? "")}"
                + (code is { } c ? $" (error {c}{ErrorName(c)})" : ""), code);
        }
        return reply[1];
    }

    private long Id(string method, object value) => value switch
    {
        long id => id,
        string text when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) => id,
        _ => throw new OneApiException($"OpenNebula at {_connection.Display} answered {method} without a VM id"),
    };

    // The codes of OpenNebula's RequestManager (include/Request.h).
    private static string ErrorName(int code) => code switch
    {
        0x0100 => ", authentication: check the user and password of the session",
        0x0200 => ", authorization: the user may not do this",
        0x0400 => ", no such object",
        0x0800 => ", action not possible in this state",
        0x1000 => ", bad XML-RPC arguments",
        0x2000 => ", internal error",
        0x4000 => ", allocation refused (quota or template)",
        0x8000 => ", object locked",
        _ => "",
    };

    private static string Excerpt(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
