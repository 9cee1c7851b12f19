using System.Globalization;
using System.Net;
using System.Text;
using Clues.Core.Config;
using Clues.Plugins.Mesos;
using Clues.Plugins.Mesos.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clues.Benchmarks;

/// <summary>
/// <c>--mesos [agents] [tasks] [runs]</c>: one monitoring pass of the Mesos plugin (the node report, which reads the
/// virtual-nodes file and the master's agents, then the job report, which reads the master's state, Marathon's apps,
/// Chronos' jobs and graph, and the master's tasks page by page) against a cluster served over loopback HTTP by
/// Kestrel; prints the wall time per pass and the bytes fetched.
/// </summary>
/// <remarks>
/// The cluster: every agent in the virtual-nodes file; nine tasks in ten belong to Marathon apps of 18 instances, one
/// in ten to Chronos jobs of 10 runs; the master's state lists both schedulers' frameworks with their tasks, and ten
/// other frameworks with none.
/// </remarks>
internal static class MesosMonitoring
{
    public static async Task<int> RunAsync(int agentCount, int taskCount, int runs)
    {
        var marathonTasks = taskCount * 9 / 10;
        var appCount = Math.Max(1, marathonTasks / 18);
        var chronosCount = Math.Max(1, (taskCount - marathonTasks) / 10);
        var tasks = Enumerable.Range(0, taskCount).Select(i => TaskJson(i, i < marathonTasks ? $"app-{i % appCount}" : $"ChronosTask:job-{i % chronosCount}",
            i < marathonTasks ? "marathon-0000" : "chronos-0001", agentCount)).ToArray();
        var agents = "{\"slaves\":[" + string.Join(',', Enumerable.Range(0, agentCount).Select(i => AgentJson(i, taskCount / Math.Max(1, agentCount)))) + "]}";
        var state = StateJson(tasks, marathonTasks);
        var apps = "{\"apps\":[" + string.Join(',', Enumerable.Range(0, appCount).Select(i => AppJson(i, agentCount))) + "]}";
        var chronosJobs = "[" + string.Join(',', Enumerable.Range(0, chronosCount).Select(ChronosJson)) + "]";
        var graph = string.Concat(Enumerable.Range(0, chronosCount).Select(i => $"node,job-{i},success,{(i % 5 == 0 ? "queued" : "idle")}\n"));
        await using var app = await ServeAsync(agents, state, tasks, apps, chronosJobs, graph);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        var vnodes = Path.Combine(Path.GetTempPath(), $"clues-bench-mesos-{Environment.ProcessId}.info");
        await File.WriteAllLinesAsync(vnodes, Enumerable.Range(0, agentCount).Select(i => $"wn{i}"));
        try
        {
            var config = new CluesConfig();
            void Set(string key, string path) => config.Set(MesosLrmsOptions.Section, key, $"/usr/bin/curl -L -X GET {address}{path}");
            Set(MesosLrmsOptions.NodesCommandKey, "/master/slaves");
            Set(MesosLrmsOptions.StateCommandKey, "/master/state.json");
            Set(MesosLrmsOptions.JobsCommandKey, "/master/tasks.json?limit=1000");
            Set(MesosLrmsOptions.MarathonCommandKey, "/v2/apps?embed=tasks");
            Set(MesosLrmsOptions.ChronosCommandKey, "/scheduler/jobs");
            Set(MesosLrmsOptions.ChronosStateCommandKey, "/scheduler/graph/csv");
            config.Set(MesosLrmsOptions.Section, MesosLrmsOptions.VirtualNodesFileKey, vnodes);
            var options = MesosLrmsOptions.Read(config);
            config.ThrowIfErrors();
            var counters = new List<CountingHandler>();
            using var api = new MesosApiClient(options, inner =>
            {
                var counter = new CountingHandler { InnerHandler = inner };
                counters.Add(counter);
                return counter;
            });
            using var plugin = new MesosLrmsPlugin(options, api, NullLogger.Instance, TimeProvider.System);

            Console.WriteLine($"Mesos monitoring pass: {agentCount:N0} agents, {taskCount:N0} tasks ({appCount:N0} Marathon apps, {chronosCount:N0} Chronos jobs), task pages of 1000");
            await MonitoringPasses.RunAsync(plugin, "nodes", counters, runs);
        }
        finally
        {
            File.Delete(vnodes);
        }
        return 0;
    }

    private static async Task<WebApplication> ServeAsync(string agents, string state, string[] tasks, string apps, string chronosJobs, string graph)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/master/slaves", context => WriteAsync(context, agents));
        app.MapGet("/master/state.json", context => WriteAsync(context, state));
        app.MapGet("/master/tasks.json", context =>
        {
            var limit = int.Parse(context.Request.Query["limit"].ToString(), CultureInfo.InvariantCulture);
            var offset = int.Parse(context.Request.Query["offset"].ToString(), CultureInfo.InvariantCulture);
            var page = tasks.Skip(offset).Take(limit);
            return WriteAsync(context, "{\"tasks\":[" + string.Join(',', page) + "]}");
        });
        app.MapGet("/v2/apps", context => WriteAsync(context, apps));
        app.MapGet("/scheduler/jobs", context => WriteAsync(context, chronosJobs));
        app.MapGet("/scheduler/graph/csv", context => WriteAsync(context, graph, "text/plain"));
        await app.StartAsync();
        return app;
    }

    private static async Task WriteAsync(HttpContext context, string body, string type = "application/json")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentType = type;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }

    // Shaped as Mesos 1.x shows an agent (GET /master/slaves), attributes and reserved resources trimmed.
    private static string AgentJson(int i, int tasksPerAgent) => string.Create(CultureInfo.InvariantCulture, $$$"""
        {"id":"3f2c9a7e-1b7d-4c1e-9f00-5e1d2c3b4a59-S{{{i}}}","hostname":"wn{{{i}}}","port":5051,"pid":"slave(1)@10.1.{{{i / 250}}}.{{{i % 250}}}:5051","registered_time":1767225600.5,
         "resources":{"disk":95000.0,"mem":63000.0,"gpus":0.0,"cpus":16.0,"ports":"[31000-32000]"},"used_resources":{"disk":0.0,"mem":{{{tasksPerAgent * 256}}}.0,"gpus":0.0,"cpus":{{{tasksPerAgent * 0.5}}} },
         "offered_resources":{"disk":0.0,"mem":0.0,"gpus":0.0,"cpus":0.0},"reserved_resources":{},"unreserved_resources":{"disk":95000.0,"mem":63000.0,"gpus":0.0,"cpus":16.0,"ports":"[31000-32000]"},
         "active":true,"deactivated":false,"version":"1.11.0","capabilities":["MULTI_ROLE","HIERARCHICAL_ROLE","RESERVATION_REFINEMENT","RESOURCE_PROVIDER","RESIZE_VOLUME","AGENT_OPERATION_FEEDBACK","AGENT_DRAINING","TASK_RESOURCE_LIMITS"],
         "reserved_resources_full":{},"unreserved_resources_full":[{"name":"cpus","type":"SCALAR","scalar":{"value":16.0}},{"name":"mem","type":"SCALAR","scalar":{"value":63000.0}}],"used_resources_full":[],"offered_resources_full":[]}
        """).ReplaceLineEndings("");

    // Shaped as Mesos 1.x shows a task (GET /master/tasks); both the tasks endpoint and the state's frameworks carry it.
    private static string TaskJson(int i, string name, string framework, int agentCount) => string.Create(CultureInfo.InvariantCulture, $$$"""
        {"id":"{{{name.Replace(':', '.')}}}.{{{i}}}-7d3f","name":"{{{name}}}","framework_id":"3f2c9a7e-1b7d-4c1e-9f00-5e1d2c3b4a59-{{{framework}}}","executor_id":"","slave_id":"3f2c9a7e-1b7d-4c1e-9f00-5e1d2c3b4a59-S{{{i % Math.Max(1, agentCount)}}}",
         "state":"TASK_RUNNING","resources":{"disk":0.0,"mem":256.0,"gpus":0.0,"cpus":0.5,"ports":"[31{{{i % 1000:000}}}-31{{{i % 1000:000}}}]"},"role":"*",
         "statuses":[{"state":"TASK_RUNNING","timestamp":1767225700.1,"container_status":{"container_id":{"value":"5b0c-{{{i}}}"},"network_infos":[{"ip_addresses":[{"protocol":"IPv4","ip_address":"10.1.0.{{{i % 250}}}"}]}]}}],
         "discovery":{"visibility":"FRAMEWORK","name":"{{{name}}}","ports":{"ports":[{"number":31{{{i % 1000:000}}},"protocol":"tcp"}]}},
         "container":{"type":"DOCKER","docker":{"image":"registry.example/app:1.0","network":"BRIDGE","privileged":false,"force_pull_image":false}} }
        """).ReplaceLineEndings("");

    private static string StateJson(string[] tasks, int marathonTasks)
    {
        var frameworks = new List<string>
        {
            Framework("marathon-0000", "marathon", tasks[..marathonTasks]),
            Framework("chronos-0001", "chronos", tasks[marathonTasks..]),
        };
        frameworks.AddRange(Enumerable.Range(2, 10).Select(i => Framework($"batch-{i:0000}", $"batch-{i}", [])));
        return """{"version":"1.11.0","git_sha":"0123456789abcdef","id":"3f2c9a7e-1b7d-4c1e-9f00-5e1d2c3b4a59","hostname":"mesos-master","activated_slaves":1000,"frameworks":["""
            + string.Join(',', frameworks) + """],"completed_frameworks":[],"unregistered_frameworks":[]}""";
    }

    private static string Framework(string id, string name, string[] tasks) => string.Create(CultureInfo.InvariantCulture, $$$"""
        {"id":"3f2c9a7e-1b7d-4c1e-9f00-5e1d2c3b4a59-{{{id}}}","name":"{{{name}}}","pid":"scheduler@10.0.0.1:1234","used_resources":{"cpus":{{{tasks.Length * 0.5}}},"mem":{{{tasks.Length * 256}}}.0},
         "offered_resources":{"cpus":0.0,"mem":0.0},"capabilities":["PARTITION_AWARE"],"hostname":"mesos-master","webui_url":"","active":true,"connected":true,"recovered":false,"user":"root",
         "failover_timeout":604800.0,"checkpoint":true,"registered_time":1767225600.1,"resources":{"cpus":{{{tasks.Length * 0.5}}},"mem":{{{tasks.Length * 256}}}.0},"role":"*",
         "tasks":[{{{string.Join(',', tasks)}}}],"unreachable_tasks":[],"completed_tasks":[],"offers":[],"executors":[]}
        """).ReplaceLineEndings("");

    // Shaped as Marathon 1.x shows an app with embed=tasks, health checks and labels trimmed.
    private static string AppJson(int i, int agentCount)
    {
        var tasks = string.Join(',', Enumerable.Range(0, 18).Select(t => string.Create(CultureInfo.InvariantCulture,
            $$$"""{"id":"app-{{{i}}}.{{{t}}}-7d3f","host":"wn{{{(i * 18 + t) % Math.Max(1, agentCount)}}}","ports":[31000],"startedAt":"2026-01-01T00:00:00.000Z","stagedAt":"2026-01-01T00:00:00.000Z","version":"2026-01-01T00:00:00.000Z","slaveId":"S{{{t}}}","appId":"/app-{{{i}}}","state":"TASK_RUNNING"}""")));
        return string.Create(CultureInfo.InvariantCulture, $$$"""
            {"id":"/app-{{{i}}}","cmd":"./serve","args":null,"user":null,"env":{},"instances":18,"cpus":0.5,"mem":256.0,"disk":0.0,"gpus":0,"executor":"","constraints":[],"uris":[],"fetch":[],
             "backoffSeconds":1,"backoffFactor":1.15,"maxLaunchDelaySeconds":300,"container":{"type":"DOCKER","docker":{"image":"registry.example/app:1.0","forcePullImage":false,"privileged":false}},
             "healthChecks":[],"labels":{"team":"t{{{i % 20}}}"},"version":"2026-01-01T00:00:00.000Z","tasksStaged":0,"tasksRunning":{{{(i % 10 == 9 ? 17 : 18)}}},"tasksHealthy":0,"tasksUnhealthy":0,"deployments":[],
             "tasks":[{{{tasks}}}]}
            """).ReplaceLineEndings("");
    }

    private static string ChronosJson(int i) => string.Create(CultureInfo.InvariantCulture, $$$"""
        {"name":"job-{{{i}}}","command":"./batch","shell":true,"epsilon":"PT60S","executor":"","retries":2,"owner":"ops@example.org","async":false,"successCount":10,"errorCount":0,
         "lastSuccess":"2026-01-01T00:00:00.000Z","lastError":"","cpus":0.5,"disk":256,"mem":256,"disabled":false,"softError":false,"schedule":"R/2026-01-01T00:00:00.000Z/PT1H","scheduleTimeZone":""}
        """).ReplaceLineEndings("");
}
