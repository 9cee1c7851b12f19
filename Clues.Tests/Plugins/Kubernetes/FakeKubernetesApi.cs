using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clues.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Clues.Tests.Plugins.Kubernetes;

/// <summary>
/// A Kubernetes API server in the test process (Kestrel on loopback, optionally TLS) serving the paths the plugin
/// uses: node and pod lists with <c>limit</c>/<c>continue</c> paging and the <c>spec.nodeName</c> field selector,
/// a node by name, and a JSON merge patch on a node. Bearer tokens are checked like the API server does (401 with a
/// <c>Status</c> body). The cluster is a mutable set of JSON objects the tests script.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly List<JsonObject> _nodes = [];
    private readonly List<JsonObject> _pods = [];
    private readonly List<string> _requests = [];

    private FakeKubernetesApi(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The server's base URL.</summary>
    public Uri Address { get; }

    /// <summary>The bearer token the server accepts; null accepts any request.</summary>
    public string? Token { get; set; }

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

    public static async Task<FakeKubernetesApi> StartAsync(X509Certificate2? certificate = null)
    {
        FakeKubernetesApi? api = null;
        var (app, address) = await LoopbackServer.StartAsync(context => api!.ServeAsync(context), listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        });
        // The test certificate is issued to localhost.
        api = new FakeKubernetesApi(app, certificate is null ? address : new UriBuilder(address) { Host = "localhost" }.Uri);
        return api;
    }

    /// <summary>Replaces the nodes with the items of a <c>NodeList</c> body.</summary>
    public void SetNodes(string listJson) => Replace(_nodes, listJson);

    /// <summary>Replaces the pods with the items of a <c>PodList</c> body.</summary>
    public void SetPods(string listJson) => Replace(_pods, listJson);

    public void AddNode(JsonObject node) => Edit(() => _nodes.Add(node));

    public void AddPod(JsonObject pod) => Edit(() => _pods.Add(pod));

    public void RemovePod(string name) => Edit(() => _pods.RemoveAll(p => Name(p) == name));

    /// <summary>Changes a node or a pod under the server's lock (the plugin may be reading).</summary>
    public void Edit(Action change)
    {
        lock (_lock)
        {
            change();
        }
    }

    /// <summary>A copy of a node as the server holds it now.</summary>
    public JsonObject Node(string name)
    {
        lock (_lock)
        {
            return (JsonObject)_nodes.Single(n => Name(n) == name).DeepClone();
        }
    }

    public JsonObject LiveNode(string name) => _nodes.Single(n => Name(n) == name);

    public JsonObject LivePod(string name) => _pods.Single(p => Name(p) == name);

    public static string? Name(JsonObject item) => item["metadata"]?["name"]?.GetValue<string>();

    private void Replace(List<JsonObject> target, string listJson)
    {
        var items = JsonNode.Parse(listJson)!["items"]!.AsArray().Select(i => (JsonObject)i!.DeepClone()).ToList();
        Edit(() =>
        {
            target.Clear();
            target.AddRange(items);
        });
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        lock (_lock)
        {
            _requests.Add($"{request.Method} {request.Path}{request.QueryString}");
        }
        if (Token is not null && request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await StatusAsync(context, 401, "Unauthorized", "Unauthorized");
            return;
        }
        if (Fault is { } fault && await fault(context))
        {
            return;
        }
        var path = request.Path.Value ?? "";
        if (request.Method == "GET" && path == "/api/v1/nodes")
        {
            await ListAsync(context, "NodeList", _nodes, null);
        }
        else if (request.Method == "GET" && path == "/api/v1/pods")
        {
            var selector = request.Query["fieldSelector"].ToString();
            var node = selector.StartsWith("spec.nodeName=", StringComparison.Ordinal) ? selector["spec.nodeName=".Length..] : null;
            await ListAsync(context, "PodList", _pods, node is null ? null : p => p["spec"]?["nodeName"]?.GetValue<string>() == node);
        }
        else if (path.StartsWith("/api/v1/nodes/", StringComparison.Ordinal) && request.Method is "GET" or "PATCH")
        {
            await NodeAsync(context, Uri.UnescapeDataString(path["/api/v1/nodes/".Length..]));
        }
        else
        {
            await StatusAsync(context, 404, "NotFound", "the server could not find the requested resource");
        }
    }

    private async Task ListAsync(HttpContext context, string kind, List<JsonObject> source, Func<JsonObject, bool>? filter)
    {
        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
        var offset = query["continue"].ToString() is { Length: > 0 } token ? int.Parse(token["offset-".Length..], CultureInfo.InvariantCulture) : 0;
        JsonArray page;
        string next;
        lock (_lock)
        {
            var items = source.Where(i => filter?.Invoke(i) ?? true).ToList();
            page = new JsonArray(items.Skip(offset).Take(limit).Select(i => (JsonNode)i.DeepClone()).ToArray());
            next = offset + limit < items.Count ? "offset-" + (offset + limit).ToString(CultureInfo.InvariantCulture) : "";
        }
        var body = new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = "1", ["continue"] = next },
            ["items"] = page,
        };
        await WriteAsync(context, 200, body);
    }

    private async Task NodeAsync(HttpContext context, string name)
    {
        JsonObject? node;
        if (context.Request.Method == "PATCH")
        {
            if (context.Request.ContentType != "application/merge-patch+json; charset=utf-8" && context.Request.ContentType != "application/merge-patch+json")
            {
                await StatusAsync(context, 415, "UnsupportedMediaType", $"the body of the request was in an unknown format: {context.Request.ContentType}");
                return;
            }
            var patch = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
            // As the API server's validation: label and annotation values are strings.
            if (patch["metadata"]?["annotations"] is JsonObject annotations
                && annotations.Any(a => a.Value is not null && a.Value.GetValueKind() != JsonValueKind.String))
            {
                await StatusAsync(context, 400, "BadRequest", "metadata.annotations: Invalid value: values must be strings");
                return;
            }
            lock (_lock)
            {
                node = _nodes.SingleOrDefault(n => Name(n) == name);
                if (node is not null)
                {
                    MergePatch(node, patch);
                    node = (JsonObject)node.DeepClone();
                }
            }
        }
        else
        {
            lock (_lock)
            {
                node = (JsonObject?)_nodes.SingleOrDefault(n => Name(n) == name)?.DeepClone();
            }
        }
        if (node is null)
        {
            await StatusAsync(context, 404, "NotFound", $"nodes \"{name}\" not found");
            return;
        }
        await WriteAsync(context, 200, node);
    }

    /// <summary>RFC 7386: objects merge, null removes, anything else replaces.</summary>
    private static void MergePatch(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject child)
            {
                if (target[key] is not JsonObject existing)
                {
                    existing = [];
                    target[key] = existing;
                }
                MergePatch(existing, child);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    public static Task StatusAsync(HttpContext context, int code, string reason, string message) =>
        WriteAsync(context, code, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        });

    private static async Task WriteAsync(HttpContext context, int code, JsonNode body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
