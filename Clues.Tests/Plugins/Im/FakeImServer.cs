using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clues.Tests.Plugins.Im;

/// <summary>
/// An Infrastructure Manager REST API in the test process (Kestrel on loopback), answering as IM's REST API reference
/// (grycap/im doc/source/REST.rst) documents: <c>uri-list</c> JSON for lists, RADL text for VMs, <c>{"tosca": ...}</c>,
/// 401 when the <c>Authorization</c> header is not the expected credentials, JSON errors <c>{"message", "code"}</c>.
/// One infrastructure, <c>infid</c>; VMs are RADL texts the tests script, VM 0 being the front end.
/// </summary>
internal sealed partial class FakeImServer : IAsyncDisposable
{
    public const string InfrastructureId = "infid";

    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly SortedDictionary<int, string> _vms = [];
    private readonly List<string> _requests = [];
    private readonly List<(string ContentType, string Body)> _posted = [];

    private FakeImServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The server's base URL, without a trailing slash.</summary>
    public Uri Address { get; }

    /// <summary>The infrastructure's URL.</summary>
    public Uri Infrastructure => new(Address.OriginalString + "/infrastructures/" + InfrastructureId);

    /// <summary>The URL of VM <paramref name="id"/>.</summary>
    public Uri Vm(int id) => new(Infrastructure.OriginalString + "/vms/" + id.ToString(CultureInfo.InvariantCulture));

    /// <summary>The Authorization header accepted; null accepts any request.</summary>
    public string? Authorization { get; set; }

    /// <summary>The infrastructure's RADL (<c>GET /infrastructures/infid/radl</c>).</summary>
    public string InfrastructureRadl { get; set; } = "";

    /// <summary>The infrastructure's TOSCA template (<c>GET /infrastructures/infid/tosca</c>).</summary>
    public string Tosca { get; set; } = "";

    /// <summary>The state a VM added by POST starts in.</summary>
    public string NewVmState { get; set; } = "pending";

    /// <summary>Whether DELETE removes the VM (false keeps it listed, as IM does while it destroys it).</summary>
    public bool DeleteRemoves { get; set; } = true;

    /// <summary>The image URL a disk snapshot answers.</summary>
    public string SnapshotImage { get; set; } = "one://server/images/42";

    /// <summary>Intercepts every request after authentication; returns true when it answered the request itself.</summary>
    public Func<HttpContext, Task<bool>>? Fault { get; set; }

    /// <summary>Method, path and query of every request, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>The Content-Type and body of every POST that added a VM.</summary>
    public IReadOnlyList<(string ContentType, string Body)> Posted
    {
        get
        {
            lock (_lock)
            {
                return _posted.ToList();
            }
        }
    }

    /// <summary>Starts the server on a loopback port; with <paramref name="certificate"/>, over TLS as <c>localhost</c>.</summary>
    public static async Task<FakeImServer> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        FakeImServer? server = null;
        app.Run(context => server!.ServeAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        if (certificate is not null)
        {
            address = address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        }
        server = new FakeImServer(app, new Uri(address.TrimEnd('/')));
        return server;
    }

    /// <summary>Sets VM <paramref name="id"/>'s RADL (adding the VM).</summary>
    public void SetVm(int id, string radl)
    {
        lock (_lock)
        {
            _vms[id] = radl;
        }
    }

    public void RemoveVm(int id)
    {
        lock (_lock)
        {
            _vms.Remove(id);
        }
    }

    /// <summary>VM <paramref name="id"/>'s RADL, or null.</summary>
    public string? VmRadl(int id)
    {
        lock (_lock)
        {
            return _vms.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<int> VmIds
    {
        get
        {
            lock (_lock)
            {
                return _vms.Keys.ToList();
            }
        }
    }

    /// <summary>Changes the <c>state</c> of VM <paramref name="id"/>.</summary>
    public void SetVmState(int id, string state)
    {
        lock (_lock)
        {
            _vms[id] = StatePattern().Replace(_vms[id], $"state = '{state}'");
        }
    }

    /// <summary>A worker VM's RADL as IM reports it.</summary>
    public static string WorkerRadl(string dnsName, string state, string extra = "") =>
        $"system wn (\n  net_interface.0.dns_name = '{dnsName}' and\n  ec3_class = 'wn' and\n  state = '{state}'{(extra.Length > 0 ? " and\n  " + extra : "")}\n)";

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        lock (_lock)
        {
            _requests.Add($"{request.Method} {request.Path}{request.QueryString}");
        }
        if (Authorization is not null && request.Headers.Authorization.ToString() != Authorization)
        {
            await ErrorAsync(context, 401, "Authentication error: invalid credentials");
            return;
        }
        if (Fault is { } fault && await fault(context))
        {
            return;
        }
        var path = request.Path.Value ?? "";
        var infPrefix = "/infrastructures/" + InfrastructureId;
        if (path == "/infrastructures" && request.Method == "GET")
        {
            await UriListAsync(context, [Infrastructure]);
        }
        else if (path == infPrefix && request.Method == "GET")
        {
            await UriListAsync(context, VmIds.Select(Vm).ToList());
        }
        else if (path == infPrefix && request.Method == "POST")
        {
            await AddAsync(context);
        }
        else if (path == infPrefix + "/radl" && request.Method == "GET")
        {
            await TextAsync(context, InfrastructureRadl);
        }
        else if (path == infPrefix + "/tosca" && request.Method == "GET")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["tosca"] = Tosca }));
        }
        else if (VmPath().Match(path) is { Success: true } match && match.Groups[1].Value == infPrefix)
        {
            await VmAsync(context, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), match.Groups[3].Value);
        }
        else
        {
            await ErrorAsync(context, 404, "Not found: " + path);
        }
    }

    private async Task VmAsync(HttpContext context, int id, string rest)
    {
        var method = context.Request.Method;
        string? radl;
        lock (_lock)
        {
            radl = _vms.GetValueOrDefault(id);
        }
        if (radl is null)
        {
            await ErrorAsync(context, 404, $"Invalid VM ID: {id}");
            return;
        }
        switch (method, rest)
        {
            case ("GET", ""):
                await TextAsync(context, radl);
                break;
            case ("GET", "/contmsg"):
                await TextAsync(context, "ERROR! the recipe failed");
                break;
            case ("PUT", "/stop"):
                SetVmState(id, "stopped");
                await TextAsync(context, "");
                break;
            case ("PUT", "/start"):
                SetVmState(id, "running");
                await TextAsync(context, "");
                break;
            case ("DELETE", ""):
                if (DeleteRemoves)
                {
                    RemoveVm(id);
                }
                await TextAsync(context, "");
                break;
            case ("PUT", "/disks/0/snapshot"):
                await TextAsync(context, SnapshotImage);
                break;
            default:
                await ErrorAsync(context, 404, "Not found");
                break;
        }
    }

    private async Task AddAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType ?? "";
        var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync();
        var node = DeployPattern().Match(body) is { Success: true } deploy ? deploy.Groups[1].Value
            : DnsPattern().Match(body) is { Success: true } dns ? dns.Groups[1].Value : null;
        if (node is null || !(contentType.StartsWith("text/plain", StringComparison.Ordinal) || contentType.StartsWith("text/yaml", StringComparison.Ordinal)))
        {
            await ErrorAsync(context, 400, "Error Adding resources: the document cannot be read");
            return;
        }
        int id;
        lock (_lock)
        {
            _posted.Add((contentType, body));
            id = _vms.Count == 0 ? 0 : _vms.Keys.Max() + 1;
            _vms[id] = WorkerRadl(node, NewVmState);
        }
        await UriListAsync(context, [Vm(id)]);
    }

    private static async Task UriListAsync(HttpContext context, IReadOnlyList<Uri> uris)
    {
        context.Response.ContentType = "application/json";
        var body = new Dictionary<string, object> { ["uri-list"] = uris.Select(u => new Dictionary<string, string> { ["uri"] = u.OriginalString }).ToList() };
        await context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private static async Task TextAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text);
    }

    /// <summary>An error as IM answers it: JSON when JSON was accepted, text otherwise.</summary>
    public static async Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        if (context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object> { ["message"] = message, ["code"] = status }));
        }
        else
        {
            await TextAsync(context, message);
        }
    }

    [GeneratedRegex(@"state\s*=\s*'[^']*'")]
    private static partial Regex StatePattern();

    [GeneratedRegex(@"^(/infrastructures/[^/]+)/vms/(\d+)(/.*)?$")]
    private static partial Regex VmPath();

    [GeneratedRegex(@"deploy\s+(\S+)\s+1")]
    private static partial Regex DeployPattern();

    [GeneratedRegex(@"dns_name:\s*'?([^'\s]+)")]
    private static partial Regex DnsPattern();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
