using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clues.Tests.Plugins.Kubernetes;
using Microsoft.AspNetCore.Http;

namespace Clues.Tests.Plugins.Nomad;

/// <summary>
/// A Nomad agent's HTTP API in the test process (Kestrel on loopback; optionally TLS that requires a client
/// certificate signed by the test CA, as a Nomad agent with <c>verify_https_client</c> does) serving the paths the
/// plugin uses: node, allocation and job lists with <c>per_page</c>/<c>next_token</c> paging and the
/// <c>X-Nomad-NextToken</c> header, a node, its allocations, its eligibility and drain, a job. ACL tokens are checked
/// like Nomad does (403 "Permission denied"). The cluster is a mutable set of JSON objects the tests script.
/// </summary>
internal sealed class FakeNomadApi : FakeApiServer
{
    private readonly List<JsonObject> _nodes = [];
    private readonly List<JsonObject> _allocations = [];
    private readonly List<JsonObject> _jobs = [];
    private readonly Dictionary<string, JsonObject> _jobDetails = new(StringComparer.Ordinal);

    private FakeNomadApi()
    {
    }

    /// <summary>The ACL token the agent accepts in <c>X-Nomad-Token</c>; null accepts any request (ACLs off).</summary>
    public string? Token { get; set; }

    /// <summary>Starts the agent: plain HTTP, TLS, or TLS requiring a client certificate that <paramref name="clientCa"/> signed.</summary>
    public static async Task<FakeNomadApi> StartAsync(X509Certificate2? certificate = null, TestCertificates? clientCa = null)
    {
        var api = new FakeNomadApi();
        await api.ListenAsync(certificate, clientCa);
        return api;
    }

    public void AddNode(JsonObject node) => Edit(() => _nodes.Add(node));

    public void AddAllocation(JsonObject allocation) => Edit(() => _allocations.Add(allocation));

    /// <summary>Adds a job: its list entry and the full job <c>GET /v1/job/:id</c> returns.</summary>
    public void AddJob(JsonObject stub, JsonObject? detail)
    {
        Edit(() =>
        {
            _jobs.Add(stub);
            if (detail is not null)
            {
                _jobDetails[Id(stub)!] = detail;
            }
        });
    }

    /// <summary>A copy of a node as the agent holds it now, by name.</summary>
    public JsonObject Node(string name)
    {
        lock (Lock)
        {
            return (JsonObject)LiveNode(name).DeepClone();
        }
    }

    public JsonObject LiveNode(string name) => _nodes.Single(n => n["Name"]?.GetValue<string>() == name);

    public JsonObject LiveAllocation(string id) => _allocations.Single(a => Id(a) == id);

    public JsonObject LiveJob(string id) => _jobs.Single(j => Id(j) == id);

    public static string? Id(JsonObject item) => item["ID"]?.GetValue<string>();

    protected override async Task<bool> AuthorizeAsync(HttpContext context)
    {
        if (Token is null || context.Request.Headers["X-Nomad-Token"].ToString() == Token)
        {
            return true;
        }
        await TextAsync(context, 403, "Permission denied");
        return false;
    }

    protected override async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var get = request.Method == "GET";
        var resources = request.Query["resources"] == "true";
        if (get && path == "/v1/nodes")
        {
            await ListAsync(context, _nodes, n => resources ? n : Without(n, "NodeResources", "ReservedResources", "DrainStrategy"));
        }
        else if (get && path == "/v1/allocations")
        {
            await ListAsync(context, _allocations, a => resources ? a : Without(a, "AllocatedResources"));
        }
        else if (get && path == "/v1/jobs")
        {
            await ListAsync(context, _jobs, j => j);
        }
        else if (get && path.StartsWith("/v1/job/", StringComparison.Ordinal))
        {
            JsonObject? job;
            lock (Lock)
            {
                job = (JsonObject?)_jobDetails.GetValueOrDefault(Uri.UnescapeDataString(path["/v1/job/".Length..]))?.DeepClone();
            }
            await (job is null ? TextAsync(context, 404, "job not found") : JsonAsync(context, 200, job));
        }
        else if (path.StartsWith("/v1/node/", StringComparison.Ordinal))
        {
            await NodeAsync(context, path["/v1/node/".Length..].Split('/'));
        }
        else
        {
            await TextAsync(context, 404, "Invalid URL");
        }
    }

    private async Task NodeAsync(HttpContext context, string[] parts)
    {
        var id = Uri.UnescapeDataString(parts[0]);
        var action = parts.Length > 1 ? parts[1] : "";
        var method = context.Request.Method;
        JsonObject? body = method == "POST" ? (JsonObject?)await JsonNode.ParseAsync(context.Request.Body) : null;
        JsonNode? answer;
        string? error = null;
        lock (Lock)
        {
            var node = _nodes.SingleOrDefault(n => Id(n) == id);
            if (node is null)
            {
                answer = null;
            }
            else if (method == "GET" && action == "")
            {
                answer = node.DeepClone();
            }
            else if (method == "GET" && action == "allocations")
            {
                // The node's allocations are full ones: the job is embedded, there is no JobType.
                answer = new JsonArray(_allocations.Where(a => a["NodeID"]?.GetValue<string>() == id).Select(a =>
                {
                    var full = Without(a);
                    full["Job"] = new JsonObject { ["ID"] = a["JobID"]?.DeepClone(), ["Type"] = a["JobType"]?.DeepClone() };
                    full.Remove("JobType");
                    return (JsonNode)full;
                }).ToArray());
            }
            else if (method == "POST" && action == "eligibility")
            {
                var eligible = body?["Eligibility"]?.GetValue<string>();
                if (eligible is not ("eligible" or "ineligible"))
                {
                    error = "invalid scheduling eligibility";
                }
                else if (eligible == "eligible" && node["DrainStrategy"] is not null)
                {
                    error = "can not set node's scheduling eligibility to eligible while it is draining";
                }
                else
                {
                    node["SchedulingEligibility"] = eligible;
                }
                answer = new JsonObject { ["NodeModifyIndex"] = 1 };
            }
            else if (method == "POST" && action == "drain")
            {
                Drain(node, body);
                answer = new JsonObject { ["EvalIDs"] = new JsonArray(), ["EvalCreateIndex"] = 0, ["NodeModifyIndex"] = 1 };
            }
            else
            {
                answer = null;
                error = "Invalid method";
            }
        }
        if (error is not null)
        {
            await TextAsync(context, error == "Invalid method" ? 405 : 400, error);
            return;
        }
        await (answer is null ? TextAsync(context, 404, "node not found") : JsonAsync(context, 200, answer));
    }

    /// <summary>
    /// As Nomad's drainer: a drain makes the node ineligible and records its metadata in <c>LastDrain</c>; it
    /// completes at once when only system allocations (which it ignores) remain. Cancelling a running drain marks it
    /// canceled; cancelling when none runs changes nothing but the eligibility (<c>MarkEligible</c>).
    /// </summary>
    private void Drain(JsonObject node, JsonObject? body)
    {
        var spec = body?["DrainSpec"];
        if (spec is JsonObject)
        {
            node["DrainStrategy"] = new JsonObject { ["Deadline"] = spec["Deadline"]?.DeepClone(), ["IgnoreSystemJobs"] = spec["IgnoreSystemJobs"]?.DeepClone() };
            node["Drain"] = true;
            node["SchedulingEligibility"] = "ineligible";
            node["LastDrain"] = new JsonObject { ["Status"] = "draining", ["Meta"] = body?["Meta"]?.DeepClone() };
            var id = Id(node);
            var remaining = _allocations.Any(a => a["NodeID"]?.GetValue<string>() == id
                && a["ClientStatus"]?.GetValue<string>() is "pending" or "running" && a["JobType"]?.GetValue<string>() != "system");
            if (!remaining)
            {
                node["DrainStrategy"] = null;
                node["Drain"] = false;
                node["LastDrain"]!["Status"] = "complete";
            }
            return;
        }
        if (node["DrainStrategy"] is not null)
        {
            node["DrainStrategy"] = null;
            node["Drain"] = false;
            node["LastDrain"]!["Status"] = "canceled";
        }
        if (body?["MarkEligible"]?.GetValue<bool>() == true)
        {
            node["SchedulingEligibility"] = "eligible";
        }
    }

    private async Task ListAsync(HttpContext context, List<JsonObject> source, Func<JsonObject, JsonObject> view)
    {
        var query = context.Request.Query;
        var limit = int.TryParse(query["per_page"], CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
        var offset = query["next_token"].ToString() is { Length: > 0 } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        JsonArray page;
        string? next;
        lock (Lock)
        {
            page = new JsonArray(source.Skip(offset).Take(limit).Select(i => (JsonNode)view(i).DeepClone()).ToArray());
            next = offset + limit < source.Count ? (offset + limit).ToString(CultureInfo.InvariantCulture) : null;
        }
        if (next is not null)
        {
            context.Response.Headers["X-Nomad-NextToken"] = next;
        }
        context.Response.Headers["X-Nomad-Index"] = "42";
        context.Response.Headers["X-Nomad-KnownLeader"] = "true";
        await JsonAsync(context, 200, page);
    }

    private static JsonObject Without(JsonObject item, params string[] fields)
    {
        var copy = (JsonObject)item.DeepClone();
        foreach (var field in fields)
        {
            copy.Remove(field);
        }
        return copy;
    }

    /// <summary>Nomad's errors are plain text.</summary>
    public static async Task TextAsync(HttpContext context, int code, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(message);
    }

    private static async Task JsonAsync(HttpContext context, int code, JsonNode body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new();
}
