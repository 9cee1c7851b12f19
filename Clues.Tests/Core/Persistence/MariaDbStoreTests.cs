using Clues.Core.Persistence;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Core.Persistence;

/// <summary>
/// A real MariaDB: CLUES' tables as created there, and the start-up errors a user meets (wrong password, unknown
/// database, no server), each naming what is wrong and never the password.
/// </summary>
[TestFixture, Category(StoreDatabase.MariaDb), NonParallelizable]
public sealed class MariaDbStoreTests
{
    private MariaDbServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await MariaDbServer.StartAsync(CancellationToken.None);

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task Open_NewDatabase_CreatesCluesTablesWithTypesThatKeepFractionsAndText()
    {
        var url = await _server.CreateDatabaseAsync(CancellationToken.None);
        using (CluesStoreFactory.Open(url))
        {
        }

        await using var connection = await _server.ConnectAsync(url, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name, column_name, column_type FROM information_schema.columns WHERE table_schema = DATABASE()";
        var columns = new Dictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns[reader.GetString(0) + "." + reader.GetString(1)] = reader.GetString(2);
            }
        }

        Assert.That(columns.Keys.Select(k => k.Split('.')[0]).Distinct(),
            Is.EquivalentTo(new[] { "hostdata", "host_monitoring", "requests", "node_state", "request_queue" }));
        Assert.That(columns["hostdata.enabled"], Does.StartWith("varchar"), "CLUES writes 'True'/'False' there");
        Assert.That(columns["host_monitoring.timestamp_state"], Is.EqualTo("double"), "SQLite keeps a fraction in CLUES' INTEGER columns");
        Assert.That(columns["requests.slots"], Is.EqualTo("double"));
        Assert.That(columns["requests.x"], Is.EqualTo("bigint(20)"));
    }

    [Test]
    public async Task Open_TwiceOnOneDatabase_KeepsRows()
    {
        var url = await _server.CreateDatabaseAsync(CancellationToken.None);
        using (var store = CluesStoreFactory.Open(url))
        {
            store.SetHostEnabled("wn1", false);
        }

        using var reopened = CluesStoreFactory.Open(url);

        Assert.That(reopened.LoadHosts(), Is.EqualTo(new[] { ("wn1", false) }));
    }

    [Test]
    public void Open_WrongPassword_SaysCredentialsWithoutThePassword()
    {
        var url = _server.ConnectionString("mysql", password: "not-the-password");

        var error = Assert.Throws<DatabaseException>(() => CluesStoreFactory.Open(url));

        Assert.That(error!.Message, Does.Contain("wrong user or password").And.Contain($"127.0.0.1:{_server.Port}").And.Contain("'clues'"));
        Assert.That(error.Message, Does.Not.Contain("not-the-password"));
    }

    [Test]
    public void Open_UnknownDatabase_NamesTheDatabase()
    {
        var error = Assert.Throws<DatabaseException>(() => CluesStoreFactory.Open(_server.ConnectionString("no_such_db")));

        Assert.That(error!.Message, Does.Contain("no database 'no_such_db'").And.Contain($"127.0.0.1:{_server.Port}"));
        Assert.That(error.Message, Does.Not.Contain(MariaDbServer.Password));
    }

    [Test]
    public void Open_NoServerListening_NamesHostAndPort()
    {
        var port = LoopbackPort.Free();

        var error = Assert.Throws<DatabaseException>(() => CluesStoreFactory.Open($"mysql://clues:{MariaDbServer.Password}@127.0.0.1:{port}/clues"));

        Assert.That(error!.Message, Does.Contain($"cannot reach the MariaDB/MySQL server at 127.0.0.1:{port}"));
        Assert.That(error.Message, Does.Not.Contain(MariaDbServer.Password));
    }

    [Test]
    public async Task Open_QuotedPasswordWithAtSign_LogsIn()
    {
        const string password = "p@ss:w0rd";
        await _server.AdministerAsync($"CREATE USER 'quoted'@'%' IDENTIFIED BY '{password}'", CancellationToken.None);
        var url = await _server.CreateDatabaseAsync(CancellationToken.None);
        var database = url[(url.LastIndexOf('/') + 1)..];
        await _server.AdministerAsync($"GRANT ALL PRIVILEGES ON {database}.* TO 'quoted'@'%'", CancellationToken.None);

        using var store = CluesStoreFactory.Open($"mysql://quoted:'{password}'@127.0.0.1:{_server.Port}/{database}");

        Assert.That(store.LoadHosts(), Is.Empty);
    }
}
