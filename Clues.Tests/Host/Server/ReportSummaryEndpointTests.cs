using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Clues.Core.Reports;
using Clues.Host.Server;
using Clues.Tests.Api;
using Clues.Tests.Core.Reports;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Host.Server;

/// <summary><c>/reports/summary.json</c>, the data of the status page's reports view: the same report as <c>clues-host report</c>.</summary>
[TestFixture]
public sealed class ReportSummaryEndpointTests
{
    private const string Secret = "rep0rt-s3cret";
    private SimulatedDatabase _simulation = null!;
    private string _database = null!;
    private CluesApiServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _simulation = await SimulatedDatabase.CreateAsync();
        _database = _simulation.Path;
        var options = new CluesApiServerOptions { Host = "127.0.0.1", Port = 0, SecretToken = Secret, Database = _database };
        _server = new CluesApiServer(options, FakeCluesControl.WithExampleNodes(), NullLoggerFactory.Instance, TimeProvider.System);
        await _server.StartAsync(CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.StopAsync(CancellationToken.None);
        await _server.DisposeAsync();
        _simulation.Dispose();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? bearer, CancellationToken ct)
    {
        using var http = new HttpClient();
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return await http.GetAsync(new Uri(_server.Addresses[0], path), ct);
    }

    [Test, CancelAfter(30000)]
    public async Task Summary_WholeDatabase_IsTheBuildersReport(CancellationToken ct)
    {
        using var response = await GetAsync("/reports/summary.json?to=0", Secret, ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        using var reader = CluesDatabaseReader.Open(_database);
        var expected = ClusterReportBuilder.Read(reader, null, "0", DateTimeOffset.UtcNow);
        var root = json.RootElement;
        Assert.That(root.GetProperty("period").GetProperty("from").GetDouble(), Is.EqualTo(expected.Period.From));
        Assert.That(root.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("powerOns").GetInt32()), Is.EqualTo(expected.Hosts.Select(h => h.PowerOns)));
        Assert.That(root.GetProperty("hosts")[1].GetProperty("segments")[0].GetProperty("state").ValueKind, Is.EqualTo(JsonValueKind.Null), "wn01: no data before its first row");
        Assert.That(root.GetProperty("requests").GetProperty("timeToServe").GetProperty("max").GetDouble(), Is.EqualTo(expected.Requests.TimeToServe!.Max));
    }

    [Test, CancelAfter(30000)]
    public async Task Summary_Live_RunsToNow(CancellationToken ct)
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var response = await GetAsync("/reports/summary.json", Secret, ct);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.That(json.RootElement.GetProperty("period").GetProperty("to").GetDouble(), Is.GreaterThanOrEqualTo(before));
    }

    [TestCase("?from=yesterday", "--from 'yesterday' is not a time")]
    [TestCase("?from=0&to=5", "no data between")]
    [CancelAfter(30000)]
    public async Task Summary_BadPeriod_Is400WithTheReason(string query, string reason, CancellationToken ct)
    {
        using var response = await GetAsync("/reports/summary.json" + query, Secret, ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(ct), Does.StartWith(reason));
    }

    [Test, CancelAfter(30000)]
    public async Task Summary_WithoutTheSecret_Is401(CancellationToken ct)
    {
        using var response = await GetAsync("/reports/summary.json", "wrong", ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
