using System.Net;
using System.Net.Http.Headers;
using Clues.Core.Persistence;
using Clues.Tests.Common;
using Clues.Host.Commands;
using Clues.Host.Server;
using Clues.Tests.Api;
using Clues.Tests.Core.Persistence;
using Clues.Tests.Core.Reports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Clues.Tests.Host;

/// <summary>
/// <c>clues-host report</c> and the status page's reports on a MariaDB database: the same reports as on the SQLite
/// file of the same simulation, and a clear error (without the password) when the server refuses.
/// </summary>
[TestFixture, Category(StoreDatabase.MariaDb), NonParallelizable]
public sealed class ReportsOnMariaDbTests
{
    private const string Secret = "rep0rt-s3cret";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    private StoreDatabase _mariaDb = null!;
    private SimulatedDatabase _sqlite = null!;
    private string _url = null!;

    [OneTimeSetUp]
    public async Task SimulateAsync()
    {
        _sqlite = await SimulatedDatabase.CreateAsync();
        _mariaDb = await StoreDatabase.StartAsync(StoreDatabase.MariaDb, CancellationToken.None);
        _url = await _mariaDb.NewAsync(CancellationToken.None);
        using var store = CluesStoreFactory.Open(_url, StoreWriteMode.Batched);
        await SimulatedDatabase.WriteAsync(store);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _sqlite?.Dispose();
        await (_mariaDb?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    [TestCase("json")]
    [TestCase("text")]
    [TestCase("cluesdata")]
    public void Report_MySqlUrl_SameAsOnTheSqliteFile(string format)
    {
        var onSqlite = Run(_sqlite.Path, "--format", format);
        var onMariaDb = Run(_url, "--format", format);

        Assert.That(onSqlite.Code, Is.Zero, onSqlite.Err);
        Assert.That((onMariaDb.Code, onMariaDb.Err), Is.EqualTo((0, "")));
        Assert.That(onMariaDb.Out, Is.EqualTo(onSqlite.Out));
        Assert.That(onMariaDb.Out, Does.Contain("wn00"));
    }

    [Test]
    public void Report_WrongPassword_SaysSoWithoutThePassword()
    {
        var url = _url.Replace(MariaDbServer.Password, "wr0ng-pw", StringComparison.Ordinal);

        var (code, output, error) = Run(url);

        Assert.That((code, output), Is.EqualTo((1, "")));
        Assert.That(error, Does.Contain("wrong user or password").And.Not.Contain("wr0ng-pw"));
    }

    [TestCase("/reports/summary.json?to=0")]
    [TestCase("/reports/cluesdata.json")]
    [CancelAfter(60_000)]
    public async Task StatusPageReports_OnMariaDb_SameAsOnSqlite(string path, CancellationToken ct)
    {
        var onSqlite = await GetAsync(_sqlite.Path, path, ct);
        var onMariaDb = await GetAsync(_url, path, ct);

        Assert.That(onMariaDb, Is.EqualTo(onSqlite));
        Assert.That(onMariaDb.Status, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string database, string path, CancellationToken ct)
    {
        var options = new CluesApiServerOptions { Host = "127.0.0.1", Port = 0, SecretToken = Secret, Database = database };
        // A fixed clock: the live reports run to "now", which must be the same instant for both databases.
        await using var server = new CluesApiServer(options, FakeCluesControl.WithExampleNodes(), NullLoggerFactory.Instance, _time);
        await server.StartAsync(ct);
        try
        {
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
            using var response = await http.GetAsync(new Uri(server.Addresses[0], path), ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        finally
        {
            await server.StopAsync(CancellationToken.None);
        }
    }

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ReportCommand.Run(args, stdout, stderr, _time);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
