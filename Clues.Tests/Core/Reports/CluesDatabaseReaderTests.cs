using Clues.Core.Persistence;
using Clues.Core.Reports;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Clues.Tests.Core.Reports;

/// <summary>Hostile and wrong files given as a CLUES database: each is refused with a message naming the file and what is wrong.</summary>
[TestFixture]
public sealed class CluesDatabaseReaderTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("clues-reader-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Open_MissingFile_SaysItDoesNotExist()
    {
        var path = Path.Combine(_folder, "nope.db");
        var error = Assert.Throws<ReportException>(() => CluesDatabaseReader.Open(path));
        Assert.That(error!.Message, Is.EqualTo($"the database file '{path}' does not exist"));
    }

    [Test]
    public void Open_TextFile_IsNotACluesDatabase()
    {
        var path = Path.Combine(_folder, "clues2.cfg");
        File.WriteAllText(path, "[general]\nCLUES_SECRET_TOKEN=x\n" + new string('x', 5000));
        var error = Assert.Throws<ReportException>(() => CluesDatabaseReader.Open(path));
        Assert.That(error!.Message, Does.StartWith($"'{path}' is not a CLUES database: "));
    }

    [Test]
    public void Open_RandomBytes_IsNotACluesDatabase()
    {
        var path = Path.Combine(_folder, "random.db");
        var bytes = new byte[8192];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<ReportException>(() => CluesDatabaseReader.Open(path));
        Assert.That(error!.Message, Does.StartWith($"'{path}' is not a CLUES database: "));
    }

    [Test]
    public void Open_OtherSqliteDatabase_NamesTheMissingTable()
    {
        var path = Path.Combine(_folder, "other.db");
        Execute(path, "CREATE TABLE jobs(id INTEGER)");
        var error = Assert.Throws<ReportException>(() => CluesDatabaseReader.Open(path));
        Assert.That(error!.Message, Is.EqualTo($"'{path}' is not a CLUES database: it has no 'host_monitoring' table"));
    }

    [Test]
    public void Open_TableWithoutCluesColumns_NamesTheMissingColumns()
    {
        var path = Path.Combine(_folder, "odd.db");
        Execute(path, "CREATE TABLE host_monitoring(name, state)");
        var error = Assert.Throws<ReportException>(() => CluesDatabaseReader.Open(path));
        Assert.That(error!.Message, Does.Contain("its 'host_monitoring' table lacks the column(s) timestamp_state, slots_count"));
    }

    [Test]
    public void Extent_EmptyCluesDatabase_IsNullAndTheReportSaysSo()
    {
        var path = Path.Combine(_folder, "clues.db");
        new SqliteCluesStore(path).Dispose();
        using var reader = CluesDatabaseReader.Open(path);

        Assert.That(reader.Extent(), Is.Null);
        var error = Assert.Throws<ReportException>(() => ClusterReportBuilder.Read(reader, null, null, DateTimeOffset.UnixEpoch));
        Assert.That(error!.Message, Does.StartWith("the database holds no data yet"));
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
