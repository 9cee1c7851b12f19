using System.Text.Json;
using System.Text.Json.Serialization;
using Clues.Core.Api;
using Clues.Core.Api.XmlRpc;
using Clues.Core.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Clues.Host.Server;

/// <summary>
/// The JSON API under <c>/api</c>, for scripts and dashboards. The secret travels in an
/// <c>Authorization: Bearer</c> header (FIX spec §14 Q27: never in the URL); without one, an empty secret is tried.
/// </summary>
/// <remarks>
/// <c>GET /api/status</c>, <c>GET /api/nodes</c>, <c>GET /api/nodes/{name}</c>, <c>GET /api/groups</c>, <c>GET /api/requests</c>, <c>POST /api/requests</c>,
/// <c>GET /api/requests/{id}/wait?timeout=SECONDS</c>, and
/// <c>POST /api/nodes/{name}/poweron|poweroff|enable|disable|reset</c>.
/// </remarks>
internal static class JsonApiEndpoints
{
    /// <summary>camelCase, enums as names.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Map(IEndpointRouteBuilder app, SecretChecker secret, ApiMetrics metrics)
    {
        var api = app.MapGroup("/api");
        api.AddEndpointFilter(async (context, next) =>
        {
            var started = metrics.Start();
            var http = context.HttpContext;
            object? result;
            if (!secret.IsValid(BearerToken.Read(http.Request)))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                result = Results.Json(new { error = CluesMessages.SecretRejected }, JsonOptions, statusCode: StatusCodes.Status401Unauthorized);
            }
            else
            {
                result = await next(context).ConfigureAwait(false);
            }
            var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
            var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
            metrics.Record("json", http.Request.Method + " " + route, status >= 400, started);
            return result;
        });

        api.MapGet("/nodes", async (ICluesControl control, CancellationToken ct) =>
            Results.Json((await control.GetNodesAsync(ct).ConfigureAwait(false)).Select(NodeJson.From), JsonOptions));

        api.MapGet("/status", async (ICluesControl control, CancellationToken ct) =>
            Results.Json(StatusJson.From(control.Now, await control.GetDryRunAsync(ct).ConfigureAwait(false)), JsonOptions));

        api.MapGet("/groups", async (ICluesControl control, CancellationToken ct) =>
            Results.Json(await control.GetGroupsAsync(ct).ConfigureAwait(false), JsonOptions));

        api.MapGet("/nodes/{name}", async (string name, ICluesControl control, CancellationToken ct) =>
        {
            var node = await FindNodeAsync(control, name, ct).ConfigureAwait(false);
            return node is null ? NotFound(name) : Results.Json(NodeJson.From(node), JsonOptions);
        });

        api.MapPost("/nodes/{name}/{action}", async (string name, string action, ICluesControl control, CancellationToken ct) =>
        {
            Func<Task<ControlResult>>? operation = action switch
            {
                "poweron" => () => control.PowerOnAsync(name, ct),
                "poweroff" => () => control.PowerOffAsync(name, ct),
                "enable" => () => control.EnableNodeAsync(name, true, ct),
                "disable" => () => control.EnableNodeAsync(name, false, ct),
                "reset" => () => control.ResetNodeStateAsync(name, ct),
                _ => null,
            };
            if (operation is null)
            {
                return Results.Json(new { error = $"unknown action '{action}' (poweron, poweroff, enable, disable or reset)" },
                    JsonOptions, statusCode: StatusCodes.Status404NotFound);
            }
            if (await FindNodeAsync(control, name, ct).ConfigureAwait(false) is null)
            {
                return NotFound(name);
            }
            var result = await operation().ConfigureAwait(false);
            return Results.Json(new { success = result.Success, message = result.Message }, JsonOptions,
                statusCode: result.Success ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);
        });

        api.MapGet("/requests", async (ICluesControl control, CancellationToken ct) =>
            Results.Json((await control.GetRequestsAsync(ct).ConfigureAwait(false)).Select(RequestJson.From), JsonOptions));

        api.MapPost("/requests", async (HttpRequest request, ICluesControl control, CancellationToken ct) =>
        {
            CreateRequestJson? body;
            try
            {
                body = await request.ReadFromJsonAsync<CreateRequestJson>(JsonOptions, ct).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                return BadRequest("invalid JSON body: " + ex.Message);
            }
            catch (InvalidOperationException ex)
            {
                return BadRequest(ex.Message);
            }
            if (body is null || !double.IsFinite(body.Cpu) || !double.IsFinite(body.Memory) || body.TaskCount < 1)
            {
                return BadRequest("expected {\"cpu\": number, \"memory\": number, \"taskCount\": integer >= 1, \"request\": expression, \"jobId\", \"jobNodes\"}");
            }
            if (RequestArguments.ExpressionProblem(body.Request ?? "") is { } expressionProblem)
            {
                return BadRequest("\"request\" " + expressionProblem);
            }
            var jobId = string.IsNullOrEmpty(body.JobId) ? null : body.JobId;
            var resources = new Resources(body.Cpu, body.Memory, [body.Request ?? ""], body.TaskCount, body.TaskCount);
            var id = await control.CreateRequestAsync(resources, jobId, jobId is null ? [] : body.JobNodes ?? [], ct).ConfigureAwait(false);
            return Results.Json(new { id }, JsonOptions, statusCode: StatusCodes.Status201Created);
        });

        api.MapGet("/requests/{id:long}/wait", async (long id, double? timeout, ICluesControl control, CancellationToken ct) =>
        {
            TimeSpan? limit = timeout is > 0 ? TimeSpan.FromSeconds(timeout.Value) : null;
            var left = await control.WaitRequestAsync(id, limit, ct).ConfigureAwait(false);
            return Results.Json(new { id, left }, JsonOptions);
        });
    }

    private static async Task<NodeSnapshot?> FindNodeAsync(ICluesControl control, string name, CancellationToken ct) =>
        (await control.GetNodesAsync(ct).ConfigureAwait(false)).FirstOrDefault(n => n.Name == name);

    private static IResult NotFound(string name) =>
        Results.Json(new { error = CluesMessages.NodeNotManaged, node = name }, JsonOptions, statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string message) =>
        Results.Json(new { error = message }, JsonOptions, statusCode: StatusCodes.Status400BadRequest);
}
