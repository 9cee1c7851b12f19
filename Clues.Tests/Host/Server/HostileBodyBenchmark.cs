using System.Diagnostics;
using System.Text;
using Clues.Core.Api.XmlRpc;
using Clues.Tests.Api;
using Clues.Tests.Api.XmlRpc;
using NUnit.Framework;

namespace Clues.Tests.Host.Server;

/// <summary>
/// Worst-case cost of one XML-RPC request: each hostile body shape, filled up to the body size limit (1 MiB), sent to
/// a real API server over loopback. Prints the reader's CPU time alone (median of 10) and the whole process's CPU time per request
/// (server and the client's sending, which is small). Explicit: it measures, it does not gate
/// (run with <c>--filter FullyQualifiedName~HostileBodyBenchmark</c>).
/// </summary>
[TestFixture, Explicit("benchmark"), Category("Benchmark")]
public sealed class HostileBodyBenchmark
{
    private const int Limit = 1024 * 1024;
    private const int Requests = 20;

    [Test, CancelAfter(600_000)]
    public async Task HostileBodies_UpToTheSizeLimit_PrintsCpuPerRequest(CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(FakeCluesControl.WithExampleNodes());
        using var http = new HttpClient();
        TestContext.Out.WriteLine($"{"body",-28} {"bytes",9} {"parse CPU ms",13} {"server CPU ms/request",22}  answer");
        // Two sizes: the cost must grow in proportion (linear), not faster.
        foreach (var (name, body) in HostileXmlRpcBodies.All(Limit / 4).Concat(HostileXmlRpcBodies.All(Limit - 1024)))
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            Assert.That(bytes.Length, Is.LessThanOrEqualTo(Limit), name);

            var parse = new List<double>();
            string answer = "";
            for (var i = 0; i < 15; i++)
            {
                var start = Process.GetCurrentProcess().TotalProcessorTime;
                try
                {
                    XmlRpcReader.ParseMethodCall(new MemoryStream(bytes), Limit);
                    answer = "parsed";
                }
                catch (XmlRpcFaultException fault)
                {
                    answer = fault.FaultString.Length > 60 ? fault.FaultString[..60] + "..." : fault.FaultString;
                }
                if (i >= 5)
                {
                    parse.Add((Process.GetCurrentProcess().TotalProcessorTime - start).TotalMilliseconds); // the first runs warm the JIT up
                }
            }
            parse.Sort();

            await SendAsync(http, harness.XmlRpcUrl, bytes, ct); // warm-up
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < Requests; i++)
            {
                await SendAsync(http, harness.XmlRpcUrl, bytes, ct);
            }
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / Requests;
            TestContext.Out.WriteLine($"{name,-28} {bytes.Length,9} {parse[parse.Count / 2],13:F2} {cpu,22:F2}  {answer}");
        }
    }

    private static async Task SendAsync(HttpClient http, Uri url, byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        using var response = await http.PostAsync(url, content, ct);
        await response.Content.ReadAsByteArrayAsync(ct);
    }
}
