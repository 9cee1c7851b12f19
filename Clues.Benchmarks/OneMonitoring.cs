using System.Globalization;
using System.Net;
using System.Text;
using Clues.Core.Api.XmlRpc;
using Clues.Plugins.OpenNebula;
using Clues.Plugins.OpenNebula.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clues.Benchmarks;

/// <summary>
/// <c>--one [hosts] [vms] [runs]</c>: one monitoring pass of the OpenNebula LRMS (<c>one.hostpool.info</c>, then
/// <c>one.vmpool.info</c>) against pools served over loopback XML-RPC by Kestrel; prints the wall and CPU time per
/// pass, the bytes of the two answers and what was allocated.
/// </summary>
internal static class OneMonitoring
{
    public static async Task<int> RunAsync(int hostCount, int vmCount, int runs)
    {
        var hosts = Answer("<HOST_POOL>" + string.Concat(Enumerable.Range(0, hostCount).Select(Host)) + "</HOST_POOL>");
        var vms = Answer("<VM_POOL>" + string.Concat(Enumerable.Range(0, vmCount).Select(i => Vm(i, hostCount))) + "</VM_POOL>");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapPost("/RPC2", async context =>
        {
            var call = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var body = call.Contains("one.hostpool.info", StringComparison.Ordinal) ? hosts : vms;
            context.Response.ContentType = "text/xml";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/RPC2");
        using var http = new HttpClient();
        using var plugin = new OneLrmsPlugin(new OneClient(http, new OneConnection(address, "clues:cluespass", TimeSpan.FromSeconds(60)), TimeProvider.System));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"OpenNebula monitoring pass: {hostCount:N0} hosts ({hosts.Length / 1_048_576.0:0.00} MiB), {vmCount:N0} VMs ({vms.Length / 1_048_576.0:0.00} MiB)"));
        await MonitoringPasses.RunAsync(plugin, "hosts", [], runs);
        return 0;
    }

    private static byte[] Answer(string pool) => Encoding.UTF8.GetBytes(XmlRpcWriter.MethodResponse(new object[] { true, pool, 0 }));

    // Shaped as OpenNebula 6.8's host_pool.xsd: shares, monitoring template, the ids of the VMs it runs.
    private static string Host(int i) => string.Create(CultureInfo.InvariantCulture, $"""
        <HOST><ID>{i}</ID><NAME>host{i}</NAME><STATE>2</STATE><PREV_STATE>2</PREV_STATE><IM_MAD><![CDATA[kvm]]></IM_MAD><VM_MAD><![CDATA[kvm]]></VM_MAD><CLUSTER_ID>0</CLUSTER_ID><CLUSTER>default</CLUSTER>
        <HOST_SHARE><MEM_USAGE>{i % 4 * 4194304}</MEM_USAGE><CPU_USAGE>{i % 4 * 400}</CPU_USAGE><TOTAL_MEM>65843012</TOTAL_MEM><TOTAL_CPU>1600</TOTAL_CPU><MAX_MEM>65843012</MAX_MEM><MAX_CPU>1600</MAX_CPU><RUNNING_VMS>{i % 4 * 4}</RUNNING_VMS><VMS_THREAD>1</VMS_THREAD>
        <DATASTORES><DISK_USAGE><![CDATA[0]]></DISK_USAGE><FREE_DISK><![CDATA[362698]]></FREE_DISK><MAX_DISK><![CDATA[478924]]></MAX_DISK><USED_DISK><![CDATA[116226]]></USED_DISK></DATASTORES><PCI_DEVICES/><NUMA_NODES/></HOST_SHARE>
        <VMS>{string.Concat(Enumerable.Range(0, i % 4 * 4).Select(v => $"<ID>{i * 16 + v}</ID>"))}</VMS>
        <TEMPLATE><ARCH><![CDATA[x86_64]]></ARCH><CPUSPEED><![CDATA[3350]]></CPUSPEED><HOSTNAME><![CDATA[host{i}]]></HOSTNAME><HYPERVISOR><![CDATA[kvm]]></HYPERVISOR><IM_MAD><![CDATA[kvm]]></IM_MAD><KVM_CPU_MODEL><![CDATA[Skylake-Client-noTSX-IBRS]]></KVM_CPU_MODEL><MODELNAME><![CDATA[Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz]]></MODELNAME><NETRX><![CDATA[{i * 1000}]]></NETRX><NETTX><![CDATA[{i * 500}]]></NETTX><RESERVED_CPU><![CDATA[]]></RESERVED_CPU><RESERVED_MEM><![CDATA[]]></RESERVED_MEM><VERSION><![CDATA[6.8.0]]></VERSION><VM_MAD><![CDATA[kvm]]></VM_MAD></TEMPLATE>
        <MONITORING/></HOST>
        """);

    // Shaped as vm_pool.xsd: nine in ten running with two history records and a NIC, one in ten pending.
    private static string Vm(int i, int hostCount)
    {
        var pending = i % 10 == 9;
        var history = pending ? "<HISTORY_RECORDS/>" : string.Create(CultureInfo.InvariantCulture,
            $"<HISTORY_RECORDS><HISTORY><OID>{i}</OID><SEQ>0</SEQ><HOSTNAME>host{(i + 1) % hostCount}</HOSTNAME><HID>0</HID><CID>0</CID><STIME>1716700010</STIME><ETIME>1716800000</ETIME><ACTION>8</ACTION></HISTORY><HISTORY><OID>{i}</OID><SEQ>1</SEQ><HOSTNAME>host{i % hostCount}</HOSTNAME><HID>1</HID><CID>0</CID><STIME>1716800010</STIME><ETIME>0</ETIME><ACTION>0</ACTION></HISTORY></HISTORY_RECORDS>");
        return string.Create(CultureInfo.InvariantCulture, $"""
            <VM><ID>{i}</ID><UID>2</UID><GID>1</GID><UNAME>user{i % 20}</UNAME><GNAME>users</GNAME><NAME>vm-{i}</NAME><LAST_POLL>1717408800</LAST_POLL><STATE>{(pending ? 1 : 3)}</STATE><LCM_STATE>{(pending ? 0 : 3)}</LCM_STATE><PREV_STATE>3</PREV_STATE><PREV_LCM_STATE>3</PREV_LCM_STATE><RESCHED>0</RESCHED><STIME>1716700000</STIME><ETIME>0</ETIME><DEPLOY_ID>one-{i}</DEPLOY_ID>
            <TEMPLATE><CPU><![CDATA[{(i % 4 + 1) * 0.5}]]></CPU><MEMORY><![CDATA[{(i % 4 + 1) * 1024}]]></MEMORY><NIC><AR_ID><![CDATA[0]]></AR_ID><BRIDGE><![CDATA[br0]]></BRIDGE><IP><![CDATA[10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}]]></IP><MAC><![CDATA[02:00:0a:00:00:01]]></MAC><NETWORK><![CDATA[private]]></NETWORK><NETWORK_ID><![CDATA[0]]></NETWORK_ID><NIC_ID><![CDATA[0]]></NIC_ID></NIC><VCPU><![CDATA[2]]></VCPU><VMID><![CDATA[{i}]]></VMID></TEMPLATE>
            <USER_TEMPLATE><DESCRIPTION><![CDATA[benchmark VM]]></DESCRIPTION></USER_TEMPLATE>{history}</VM>
            """);
    }
}
