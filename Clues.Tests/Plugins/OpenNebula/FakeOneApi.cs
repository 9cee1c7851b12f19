using System.Globalization;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using Clues.Core.Api.XmlRpc;
using Clues.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Clues.Tests.Plugins.OpenNebula;

/// <summary>
/// OpenNebula's XML-RPC API in the test process (Kestrel on loopback), answering the methods CLUES calls as
/// OpenNebula does (see TestData/README.md): <c>[success, value, code]</c> arrays, pools as XML documents in strings,
/// the session checked first. VMs are a mutable list the tests script; hosts are a <c>HOST_POOL</c> document.
/// </summary>
internal sealed partial class FakeOneApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly List<FakeVm> _vms = [];
    private readonly List<string> _calls = [];
    private long _nextId;

    private FakeOneApi(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The XML-RPC endpoint, <c>http://127.0.0.1:port/RPC2</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The session string accepted (<c>user:password</c>).</summary>
    public string Session { get; set; } = "clues:cluespass";

    /// <summary>What <c>one.system.version</c> answers.</summary>
    public string Version { get; set; } = "6.8.0";

    /// <summary>The <c>HOST_POOL</c> document <c>one.hostpool.info</c> answers.</summary>
    public string HostPool { get; set; } = "<HOST_POOL/>";

    /// <summary>When set, the <c>VM_POOL</c> document <c>one.vmpool.info</c> answers instead of the scripted VMs.</summary>
    public string? VmPool { get; set; }

    /// <summary>The registered templates (<c>one.templatepool.info</c>), and the IPs their instances get, in turn.</summary>
    public List<(long Id, string Name, Queue<string> Ips)> Templates { get; } = [];

    /// <summary>When set, <c>one.vm.allocate</c> and <c>one.template.instantiate</c> are refused with this message.</summary>
    public string? CreationRefusal { get; set; }

    /// <summary>Intercepts every request before it is served; returns true when it answered the request itself.</summary>
    public Func<HttpContext, Task<bool>>? Fault { get; set; }

    /// <summary>Every call served: the method and its arguments after the session, space-separated.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_lock)
            {
                return _calls.ToList();
            }
        }
    }

    /// <summary>The VMs, for scripting (under <see cref="Edit"/>).</summary>
    public List<FakeVm> Vms => _vms;

    public static async Task<FakeOneApi> StartAsync()
    {
        FakeOneApi? api = null;
        // Hostile-body tests send more than Kestrel's default 30 MB.
        var (app, address) = await LoopbackServer.StartAsync(context => api!.ServeAsync(context), limits: l => l.MaxRequestBodySize = null);
        api = new FakeOneApi(app, new Uri(address, "/RPC2"));
        return api;
    }

    public void Edit(Action change)
    {
        lock (_lock)
        {
            change();
        }
    }

    public FakeVm AddVm(string name, int state, params string[] ips)
    {
        var vm = new FakeVm(Interlocked.Increment(ref _nextId) - 1, name, state, ips.ToList());
        Edit(() => _vms.Add(vm));
        return vm;
    }

    public FakeVm Vm(long id)
    {
        lock (_lock)
        {
            return _vms.Single(v => v.Id == id);
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (Fault is { } fault && await fault(context))
        {
            return;
        }
        XmlRpcMethodCall call;
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        body.Position = 0;
        try
        {
            call = XmlRpcReader.ParseMethodCall(body);
        }
        catch (XmlRpcFaultException ex)
        {
            await WriteAsync(context, XmlRpcWriter.Fault(ex.FaultCode, ex.FaultString));
            return;
        }
        var args = call.Parameters;
        lock (_lock)
        {
            _calls.Add(string.Join(' ', [call.MethodName, .. args.Skip(1).Select(a => Convert.ToString(a, CultureInfo.InvariantCulture))]));
        }
        object[] answer;
        if (args.Count == 0 || args[0] is not string session || session != Session)
        {
            answer = [false, $"[{call.MethodName}] User couldn't be authenticated, aborting call.", 256, -1];
        }
        else
        {
            lock (_lock)
            {
                answer = Answer(call.MethodName, args);
            }
        }
        await WriteAsync(context, XmlRpcWriter.MethodResponse(answer));
    }

    private object[] Answer(string method, IReadOnlyList<object> args)
    {
        switch (method)
        {
            case "one.system.version":
                return [true, Version, 0];
            case "one.hostpool.info":
                return [true, HostPool, 0];
            case "one.vmpool.info":
                // -1 = every state but DONE.
                return [true, VmPool ?? "<VM_POOL>" + string.Concat(_vms.Where(v => v.State != FakeVm.Done).Select(v => v.ToXml())) + "</VM_POOL>", 0];
            case "one.vm.info":
                return _vms.FirstOrDefault(v => v.Id == (long)args[1]) is { } vm
                    ? [true, vm.ToXml(), 0]
                    : [false, $"[one.vm.info] Error getting virtual machine [{args[1]}].", 1024, -1];
            case "one.templatepool.info":
                return [true, "<VMTEMPLATE_POOL>" + string.Concat(Templates.Select(t => $"<VMTEMPLATE><ID>{t.Id}</ID><UID>0</UID><NAME>{SecurityElement.Escape(t.Name)}</NAME><TEMPLATE/></VMTEMPLATE>")) + "</VMTEMPLATE_POOL>", 0];
            case "one.vm.allocate":
                if (CreationRefusal is { } refusal)
                {
                    return [false, "[one.vm.allocate] " + refusal, 0x4000, -1];
                }
                var template = (string)args[1];
                var created = new FakeVm(_nextId++, NameIn(template) ?? "one-vm", FakeVm.Pending, IpsIn(template)) { Template = template };
                _vms.Add(created);
                return [true, (int)created.Id, 0];
            case "one.template.instantiate":
                if (CreationRefusal is { } refused)
                {
                    return [false, "[one.template.instantiate] " + refused, 0x4000, -1];
                }
                var registered = Templates.FirstOrDefault(t => t.Id == (long)args[1]);
                if (registered.Ips is null)
                {
                    return [false, $"[one.template.instantiate] Error getting template [{args[1]}].", 1024, -1];
                }
                var instance = new FakeVm(_nextId++, registered.Name + "-" + _nextId, FakeVm.Pending, registered.Ips.Count > 0 ? [registered.Ips.Dequeue()] : []);
                _vms.Add(instance);
                return [true, (int)instance.Id, 0];
            case "one.vm.action":
                var target = _vms.FirstOrDefault(v => v.Id == (long)args[2]);
                if (target is null)
                {
                    return [false, $"[one.vm.action] Error getting virtual machine [{args[2]}].", 1024, -1];
                }
                var action = (string)args[1];
                var modern = int.Parse(Version.Split('.')[0], CultureInfo.InvariantCulture) >= 5;
                switch (action)
                {
                    case "terminate" or "terminate-hard" when modern:
                    case "shutdown" or "delete" when !modern:
                        target.State = FakeVm.Done;
                        break;
                    case "hold":
                        target.State = FakeVm.Hold;
                        break;
                    case "release":
                        target.State = FakeVm.Pending;
                        break;
                    default:
                        return [false, $"[one.vm.action] Virtual machine action \"{action}\" is not supported", 0x1000, -1];
                }
                return [true, (int)target.Id, 0];
            default:
                return [false, $"[{method}] method not found", 0x1000, -1];
        }
    }

    private static async Task WriteAsync(HttpContext context, string body)
    {
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(body, Encoding.UTF8);
    }

    private static string? NameIn(string template) => NamePattern().Match(template) is { Success: true } m ? m.Groups[1].Value : null;

    private static List<string> IpsIn(string template) => IpPattern().Matches(template).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"(?<![A-Z_])NAME\s*=\s*""([^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"(?<![A-Z_])IP\s*=\s*""([^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex IpPattern();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>A VM as <see cref="FakeOneApi"/> holds it.</summary>
internal sealed class FakeVm(long id, string name, int state, List<string> ips)
{
    public const int Pending = 1;
    public const int Hold = 2;
    public const int Active = 3;
    public const int Done = 6;

    public long Id { get; } = id;

    public string Name { get; } = name;

    public int State { get; set; } = state;

    public List<string> Ips { get; } = ips;

    public string? Host { get; set; }

    public string? Template { get; init; }

    public string ToXml()
    {
        var nics = string.Concat(Ips.Select((ip, i) => $"<NIC><IP><![CDATA[{ip}]]></IP><NIC_ID><![CDATA[{i}]]></NIC_ID></NIC>"));
        var history = Host is null ? "<HISTORY_RECORDS/>"
            : $"<HISTORY_RECORDS><HISTORY><OID>{Id}</OID><SEQ>0</SEQ><HOSTNAME>{SecurityElement.Escape(Host)}</HOSTNAME><HID>0</HID></HISTORY></HISTORY_RECORDS>";
        return string.Create(CultureInfo.InvariantCulture,
            $"<VM><ID>{Id}</ID><UID>2</UID><GID>1</GID><NAME>{SecurityElement.Escape(Name)}</NAME><STATE>{State}</STATE><LCM_STATE>{(State == Active ? 3 : 0)}</LCM_STATE><TEMPLATE><CPU><![CDATA[1]]></CPU><MEMORY><![CDATA[512]]></MEMORY>{nics}<VMID><![CDATA[{Id}]]></VMID></TEMPLATE><USER_TEMPLATE/>{history}</VM>");
    }
}
