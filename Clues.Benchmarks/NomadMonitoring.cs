using System.Globalization;
using System.Net;
using System.Text;
using Clues.Core.Http;
using Clues.Plugins.Nomad;
using Clues.Plugins.Nomad.Api;
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
/// <c>--nomad [nodes] [allocations] [runs]</c>: one monitoring pass of the Nomad plugin (the node report, which reads
/// the nodes and the allocations, then the job report, which reads the jobs and the jobs it has not seen at this
/// version) against a cluster served over loopback HTTP by Kestrel with Nomad's paging; prints the wall time per pass
/// and the bytes fetched. The first pass reads every job once; later passes only the list.
/// </summary>
internal static class NomadMonitoring
{
    // One job per ten allocations; one job in ten waits with all its allocations queued.
    private const int AllocationsPerJob = 10;

    public static async Task<int> RunAsync(int nodeCount, int allocationCount, int runs)
    {
        var jobCount = Math.Max(1, allocationCount / AllocationsPerJob);
        var nodes = Enumerable.Range(0, nodeCount).Select(NodeJson).ToArray();
        var allocations = Enumerable.Range(0, allocationCount).Select(i => AllocationJson(i, nodeCount)).ToArray();
        var jobs = Enumerable.Range(0, jobCount).Select(JobStubJson).ToArray();
        await using var app = await ServeAsync(nodes, allocations, jobs);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var vnodes = Path.Combine(Path.GetTempPath(), "clues-nomad-bench-" + Guid.NewGuid().ToString("N") + ".info");
        await File.WriteAllTextAsync(vnodes, "[" + string.Join(",", Enumerable.Range(0, nodeCount).Select(i => $$"""{"name":"wn{{i}}"}""")) + "]");
        try
        {
            var options = new NomadLrmsOptions { Server = address, VirtualNodesFile = vnodes };
            var counter = default(CountingHandler);
            using var http = RestClientFactory.Create(options.ToRestClientOptions(), inner => counter = new CountingHandler { InnerHandler = inner });
            using var plugin = new NomadLrmsPlugin(options, new NomadApiClient(http, options), NullLogger.Instance);

            Console.WriteLine($"Nomad monitoring pass: {nodeCount:N0} nodes, {allocationCount:N0} allocations, {jobCount:N0} jobs, pages of {options.PageSize}");
            await MonitoringPasses.RunAsync(plugin, "nodes+allocations", [counter!], runs);
        }
        finally
        {
            File.Delete(vnodes);
        }
        return 0;
    }

    private static async Task<WebApplication> ServeAsync(string[] nodes, string[] allocations, string[] jobs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/v1/nodes", context => PageAsync(context, nodes));
        app.MapGet("/v1/allocations", context => PageAsync(context, allocations));
        app.MapGet("/v1/jobs", context => PageAsync(context, jobs));
        app.MapGet("/v1/job/{id}", context => WriteAsync(context, JobJson(context.Request.RouteValues["id"]!.ToString()!)));
        await app.StartAsync();
        return app;
    }

    private static Task PageAsync(HttpContext context, string[] items)
    {
        var limit = int.Parse(context.Request.Query["per_page"].ToString(), CultureInfo.InvariantCulture);
        var offset = context.Request.Query["next_token"].ToString() is { Length: > 0 } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var end = Math.Min(items.Length, offset + limit);
        if (end < items.Length)
        {
            context.Response.Headers["X-Nomad-NextToken"] = end.ToString(CultureInfo.InvariantCulture);
        }
        return WriteAsync(context, new StringBuilder("[").AppendJoin(',', items[offset..end]).Append(']').ToString());
    }

    private static async Task WriteAsync(HttpContext context, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.Headers["X-Nomad-Index"] = "42";
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }

    // Shaped as GET /v1/nodes?resources=true lists a client (attributes trimmed to the usual fingerprint).
    private static string NodeJson(int i) => $$$$"""
        {"Address":"10.0.{{{{i / 250}}}}.{{{{i % 250}}}}","CreateIndex":{{{{10 + i}}}},"Datacenter":"dc1","Drain":false,"Drivers":{"docker":{"Attributes":{"driver.docker":"true","driver.docker.version":"24.0.7"},"Detected":true,"HealthDescription":"Healthy","Healthy":true,"UpdateTime":"2026-01-01T00:00:00Z"},"exec":{"Attributes":{"driver.exec":"true"},"Detected":true,"HealthDescription":"Healthy","Healthy":true,"UpdateTime":"2026-01-01T00:00:00Z"}},
         "ID":"{{{{NodeId(i)}}}}","LastDrain":null,"ModifyIndex":{{{{5000 + i}}}},"Name":"wn{{{{i}}}}","NodeClass":"default","NodePool":"default",
         "NodeResources":{"Cpu":{"CpuShares":41600,"TotalCpuCores":16,"ReservableCpuCores":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]},"Disk":{"DiskMB":95000},"Max":{"MaxDynamicPort":32000,"MinDynamicPort":20000},"Memory":{"MemoryMB":65536},"Networks":[{"CIDR":"10.0.0.1/32","Device":"eth0","IP":"10.0.0.1","MBits":1000,"Mode":"host"}]},
         "ReservedResources":{"Cpu":{"CpuShares":500},"Disk":{"DiskMB":0},"Memory":{"MemoryMB":512},"Networks":{"ReservedHostPorts":""}},
         "SchedulingEligibility":"eligible","Status":"ready","StatusDescription":"","Version":"1.7.2"}
        """.ReplaceLineEndings("");

    private static string NodeId(int i) => string.Create(CultureInfo.InvariantCulture, $"{i:x8}-6c1e-4a5b-9d3f-5e0c2a7b8d91");

    // Nine allocations in ten run; each holds 500 MHz and 256 MB.
    private static string AllocationJson(int i, int nodeCount) => $$$$"""
        {"AllocatedResources":{"Shared":{"DiskMB":300,"Networks":null,"Ports":null},"Tasks":{"task":{"Cpu":{"CpuShares":500,"ReservedCores":null},"Devices":null,"Memory":{"MemoryMB":256,"MemoryMaxMB":0},"Networks":null}}},
         "ClientDescription":"Tasks are running","ClientStatus":"{{{{(i % 10 == 9 ? "complete" : "running")}}}}","CreateIndex":{{{{100 + i}}}},"CreateTime":1767225600000000000,"DeploymentStatus":null,"DesiredDescription":"","DesiredStatus":"run","EvalID":"{{{{Guid.NewGuid()}}}}","FollowupEvalID":"",
         "ID":"{{{{Guid.NewGuid()}}}}","JobID":"job-{{{{i / AllocationsPerJob}}}}","JobType":"batch","JobVersion":0,"ModifyIndex":{{{{200 + i}}}},"ModifyTime":1767225600000000000,"Name":"job-{{{{i / AllocationsPerJob}}}}.work[{{{{i % AllocationsPerJob}}}}]","Namespace":"default",
         "NodeID":"{{{{NodeId(i % nodeCount)}}}}","NodeName":"wn{{{{i % nodeCount}}}}","TaskGroup":"work","TaskStates":null}
        """.ReplaceLineEndings("");

    private static string JobStubJson(int i)
    {
        var pending = i % 10 == 9;
        return $$$$"""
            {"CreateIndex":{{{{50 + i}}}},"Datacenters":["dc1"],"ID":"job-{{{{i}}}}","JobModifyIndex":{{{{60 + i}}}},"JobSummary":{"Children":{"Dead":0,"Pending":0,"Running":0},"CreateIndex":{{{{50 + i}}}},"JobID":"job-{{{{i}}}}","ModifyIndex":{{{{70 + i}}}},"Namespace":"default",
             "Summary":{"work":{"Complete":0,"Failed":0,"Lost":0,"Queued":{{{{(pending ? AllocationsPerJob : 0)}}}},"Running":{{{{(pending ? 0 : AllocationsPerJob)}}}},"Starting":0,"Unknown":0}}},
             "ModifyIndex":{{{{80 + i}}}},"Multiregion":null,"Name":"job-{{{{i}}}}","Namespace":"default","ParameterizedJob":false,"ParentID":"","Periodic":false,"Priority":50,"Status":"{{{{(pending ? "pending" : "running")}}}}","StatusDescription":"","Stop":false,"SubmitTime":1767225600000000000,"Type":"batch"}
            """.ReplaceLineEndings("");
    }

    private static string JobJson(string id) => $$$$"""
        {"ID":"{{{{id}}}}","Name":"{{{{id}}}}","Namespace":"default","Type":"batch","Priority":50,"Datacenters":["dc1"],"Constraints":null,
         "TaskGroups":[{"Name":"work","Count":{{{{AllocationsPerJob}}}},"Constraints":[{"LTarget":"${node.class}","RTarget":"default","Operand":"="}],
           "RestartPolicy":{"Attempts":3,"Delay":15000000000,"Interval":86400000000000,"Mode":"fail"},"EphemeralDisk":{"Migrate":false,"SizeMB":300,"Sticky":false},
           "Tasks":[{"Name":"task","Driver":"docker","Config":{"image":"registry.example/app:1.0","args":["--work"]},"Env":null,
             "Resources":{"CPU":500,"Cores":0,"MemoryMB":256,"MemoryMaxMB":0,"DiskMB":0,"Networks":null},"KillTimeout":5000000000,"LogConfig":{"MaxFiles":10,"MaxFileSizeMB":10}}]}],
         "Status":"running","JobModifyIndex":7,"SubmitTime":1767225600000000000}
        """.ReplaceLineEndings("");
}
