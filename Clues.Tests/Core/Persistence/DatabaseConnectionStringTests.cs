using Clues.Core.Persistence;
using NUnit.Framework;

namespace Clues.Tests.Core.Persistence;

/// <summary>DB_CONNECTION_STRING as CLUES writes it (cpyutils db.py), the errors naming the wrong part, and redaction.</summary>
[TestFixture]
public sealed class DatabaseConnectionStringTests
{
    [Test]
    public void Parse_CluesMySqlString_TakesEveryPartAndPort3306()
    {
        var parsed = DatabaseConnectionString.Parse("mysql://clues:secret@db.example.org/cluesdb");

        Assert.That(parsed.Provider, Is.EqualTo(DatabaseProvider.MySql));
        Assert.That((parsed.User, parsed.Password, parsed.Host, parsed.Port, parsed.Database),
            Is.EqualTo(("clues", "secret", "db.example.org", 3306, "cluesdb")));
    }

    [TestCase("mysql://u:'p@ss:w'@h:3307/d", "u", "p@ss:w", 3307)]
    [TestCase("mysql://u:\"p@ss\"@h/d", "u", "p@ss", 3306)]
    [TestCase("mysql://u:@h/d", "u", "", 3306)]
    [TestCase("mysql://u@h/d", "u", null, 3306)]
    [TestCase("mysql://h/d", null, null, 3306)]
    public void Parse_UserAndPasswordForms_AsCluesWithoutTheQuotes(string value, string? user, string? password, int port)
    {
        var parsed = DatabaseConnectionString.Parse(value);

        Assert.That((parsed.User, parsed.Password, parsed.Host, parsed.Port, parsed.Database), Is.EqualTo((user, password, "h", port, "d")));
    }

    [TestCase("sqlite:///var/lib/clues2/clues.db", DatabaseProvider.Sqlite)]
    [TestCase("", DatabaseProvider.None)]
    [TestCase("   ", DatabaseProvider.None)]
    public void Parse_SqliteAndEmpty_AreTheirProviders(string value, DatabaseProvider provider)
    {
        Assert.That(DatabaseConnectionString.Parse(value).Provider, Is.EqualTo(provider));
    }

    [TestCase("mysql://u:pw@h", "names no database")]
    [TestCase("mysql://u:pw@h/", "names no database")]
    [TestCase("mysql://u:pw@h:66000/d", "the port '66000' is not a TCP port")]
    [TestCase("mysql://u:pw@h:abc/d", "the port 'abc'")]
    [TestCase("mysql://u:pw@/d", "names no host")]
    [TestCase("mysql://u:pw@-h/d", "the host '-h'")]
    [TestCase("postgres://u:pw@h/d", "use sqlite://PATH, mysql://")]
    [TestCase("sqlite://", "names no file")]
    public void Parse_Malformed_NamesThePartAndHidesThePassword(string value, string expected)
    {
        Assert.That(DatabaseConnectionString.TryParse(value, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(expected));
        var thrown = Assert.Throws<FormatException>(() => DatabaseConnectionString.Parse(value));
        Assert.That(thrown!.Message, Does.Contain(expected).And.Not.Contain(":pw@"));
    }

    [Test]
    public void ConfigError_WithAPasswordInTheValue_HidesIt()
    {
        var error = new Clues.Core.Config.ConfigError("/etc/clues2/clues2.cfg", "general", "DB_CONNECTION_STRING", "mysql://clues:hunter2@db", "a database");

        Assert.That(error.ToString(), Does.Contain("mysql://clues:***@db").And.Not.Contain("hunter2"));
    }

    [TestCase("mysql://clues:secret@db/clues", "mysql://clues:***@db/clues")]
    [TestCase("mysql://clues:'se@cret'@db/clues", "mysql://clues:***@db/clues")]
    [TestCase("error at mysql://u:p@h:1/d and http://a:b@c/", "error at mysql://u:***@h:1/d and http://a:***@c/")]
    [TestCase("mysql://clues@db/clues", "mysql://clues@db/clues")]
    [TestCase("sqlite:///x.db", "sqlite:///x.db")]
    public void Redact_HidesEveryUrlPassword(string text, string expected)
    {
        Assert.That(DatabaseConnectionString.Redact(text), Is.EqualTo(expected));
    }

    [Test]
    public void ToString_HidesThePassword()
    {
        Assert.That(DatabaseConnectionString.Parse("mysql://clues:secret@db:3307/c").ToString(), Is.EqualTo("mysql://clues:***@db:3307/c"));
    }
}
