using Clues.Core.Persistence;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Clues.Tests.Core.Persistence;

/// <summary>What only the SQLite file has: CLUES' own table declarations, byte for byte, and CLUES' folder rule.</summary>
[TestFixture]
public sealed class SqliteCluesStoreTests
{
    private string _path = null!;

    [SetUp]
    public void SetUp() => _path = Path.Combine(Directory.CreateTempSubdirectory("clues-store-").FullName, "clues.db");

    [TearDown]
    public void TearDown() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);

    [Test]
    public void Open_NewFile_KeepsCluesTablesUnchanged()
    {
        using (new SqliteCluesStore(_path))
        {
        }
        using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name";
        using var reader = command.ExecuteReader();
        var tables = new Dictionary<string, string>();
        while (reader.Read())
        {
            tables[reader.GetString(0)] = reader.GetString(1);
        }

        Assert.That(tables.Keys, Is.EquivalentTo(new[] { "hostdata", "host_monitoring", "requests", "node_state", "request_queue" }));
        Assert.That(tables["hostdata"], Is.EqualTo("CREATE TABLE hostdata(name varchar(128) PRIMARY KEY, enabled bool)"));
        Assert.That(tables["host_monitoring"], Is.EqualTo("CREATE TABLE host_monitoring(name varchar(128), timestamp_state INTEGER, slots_count INTEGER, slots_free INTEGER, memory_total INTEGER, memory_free INTEGER, state INTEGER, timestamp INTEGER, x INTEGER PRIMARY KEY)"));
        Assert.That(tables["requests"], Is.EqualTo("CREATE TABLE requests(reqid varchar, timestamp_created INTEGER, timestamp_state INTEGER, state INTEGER, slots INTEGER, memory INTEGER, expressions varchar, taskcount INTEGER, maxtaskspernode INTEGER, jobid varchar, nodes varchar, x INTEGER PRIMARY KEY)"));
    }

    [Test]
    public void Open_FolderMissing_SaysWhichFolder()
    {
        var missing = Path.Combine(Path.GetDirectoryName(_path)!, "nope", "clues.db");

        var error = Assert.Throws<DatabaseException>(() => CluesStoreFactory.Open("sqlite://" + missing));

        Assert.That(error!.Message, Does.Contain(Path.GetDirectoryName(missing)!).And.Contain("does not exist"));
    }

    [Test]
    public void Open_EmptyString_KeepsNothingOnDisk()
    {
        using var store = CluesStoreFactory.Open("");

        Assert.That(store, Is.InstanceOf<InMemoryCluesStore>());
    }
}
