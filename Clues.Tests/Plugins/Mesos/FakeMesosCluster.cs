using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clues.Tests.Plugins.Mesos;

/// <summary>
/// A Mesos master, Marathon and Chronos in the test process (one Kestrel server on loopback) serving the reads CLUES
/// makes: <c>/master/slaves</c>, <c>/master/state.json</c>, <c>/master/tasks.json</c> (with the master's
/// <c>limit</c>/<c>offset</c> paging), Marathon's <c>/v2/apps</c>, Chronos' <c>/scheduler/jobs</c> and
/// <c>/scheduler/graph/csv</c>, and a Spark driver's <c>/spark/environment</c>. HTTP basic authentication is checked
/// as the three servers do when it is turned on (401 with <c>WWW-Authenticate</c>). The tests script the bodies.
/// </summary>
internal sealed class FakeMesosCluster : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly List<string> _requests = [];
    private JsonNode _agents = new JsonObject { ["slaves"] = new JsonArray() };
    private JsonNode _state = new JsonObject { ["frameworks"] = new JsonArray() };
    private JsonArray _tasks = [];
    private JsonNode _apps = new JsonObject { ["apps"] = new JsonArray() };
    private JsonNode _chronosJobs = new JsonArray();
    private string _graph = "";
    private string _sparkPage = "";

    private FakeMesosCluster(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The server's base URL, ending in '/'.</summary>
    public Uri Address { get; }

    /// <summary>"user:password" the servers require with basic authentication; null accepts any request.</summary>
    public string? Credentials { get; set; }

    /// <summary>A header value the servers require as <c>Authorization</c> (DC/OS' <c>token=…</c>); null requires none.</summary>
    public string? AuthorizationHeader { get; set; }

    /// <summary>Intercepts every request before it is served; returns true when it answered the request itself.</summary>
    public Func<HttpContext, Task<bool>>? Fault { get; set; }

    /// <summary>Method, path and query of every request served, in order.</summary>
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

    public static async Task<FakeMesosCluster> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeMesosCluster? cluster = null;
        app.Run(context => cluster!.ServeAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        cluster = new FakeMesosCluster(app, new Uri(address.TrimEnd('/') + "/"));
        return cluster;
    }

    /// <summary>CLUES' command for <paramref name="path"/> on this server, as a clues2.cfg would hold it.</summary>
    public string Command(string path, string options = "-L -X GET") => $"/usr/bin/curl {options} {Address}{path.TrimStart('/')}";

    public void SetAgents(string json) => Edit(() => _agents = JsonNode.Parse(json)!);

    public void SetState(string json) => Edit(() => _state = JsonNode.Parse(json)!);

    /// <summary>Replaces the tasks with the <c>tasks</c> of a <c>/master/tasks</c> body.</summary>
    public void SetTasks(string json) => Edit(() => _tasks = (JsonArray)JsonNode.Parse(json)!["tasks"]!.DeepClone());

    public void SetMarathonApps(string json) => Edit(() => _apps = JsonNode.Parse(json)!);

    public void SetChronosJobs(string json) => Edit(() => _chronosJobs = JsonNode.Parse(json)!);

    public void SetChronosGraph(string csv) => Edit(() => _graph = csv);

    public void SetSparkPage(string html) => Edit(() => _sparkPage = html);

    /// <summary>The live bodies, for a scenario to change under the server's lock (see <see cref="Edit"/>).</summary>
    public JsonArray LiveAgents => _agents["slaves"]!.AsArray();

    public JsonArray LiveTasks => _tasks;

    public JsonArray LiveApps => _apps["apps"]!.AsArray();

    /// <summary>Changes the cluster under the server's lock (the plugin may be reading).</summary>
    public void Edit(Action change)
    {
        lock (_lock)
        {
            change();
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        lock (_lock)
        {
            _requests.Add($"{request.Method} {request.Path}{request.QueryString}");
        }
        if (!Authorized(request))
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Mesos\"";
            return;
        }
        if (Fault is { } fault && await fault(context))
        {
            return;
        }
        string? body;
        var type = "application/json";
        lock (_lock)
        {
            body = request.Path.Value switch
            {
                "/master/slaves" => _agents.ToJsonString(),
                "/master/state.json" or "/master/state" => _state.ToJsonString(),
                "/master/tasks.json" or "/master/tasks" => TasksPage(request.Query),
                "/v2/apps" => _apps.ToJsonString(),
                "/scheduler/jobs" => _chronosJobs.ToJsonString(),
                _ => null,
            };
            if (body is null && request.Path.Value is "/scheduler/graph/csv" or "/spark/environment")
            {
                (body, type) = request.Path.Value == "/spark/environment" ? (_sparkPage, "text/html") : (_graph, "text/plain");
            }
        }
        if (body is null || body.Length == 0 && type == "text/html")
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("Not Found");
            return;
        }
        context.Response.ContentType = type;
        await context.Response.WriteAsync(body);
    }

    // As the master: limit (default 100) and offset over the task list.
    private string TasksPage(IQueryCollection query)
    {
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 100;
        var offset = int.TryParse(query["offset"], CultureInfo.InvariantCulture, out var o) ? o : 0;
        var page = new JsonArray(_tasks.Skip(offset).Take(limit).Select(t => t!.DeepClone()).ToArray());
        return new JsonObject { ["tasks"] = page }.ToJsonString();
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (AuthorizationHeader is { } required && header != required)
        {
            return false;
        }
        return Credentials is null || header == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Credentials));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
