using System.Globalization;
using System.Text.RegularExpressions;

namespace Clues.Core.Persistence;

/// <summary>Which database a <see cref="DatabaseConnectionString"/> names.</summary>
public enum DatabaseProvider
{
    /// <summary>An empty string: nothing is persisted.</summary>
    None,

    /// <summary><c>sqlite://PATH</c>: a SQLite file.</summary>
    Sqlite,

    /// <summary><c>mysql://user:password@host[:port]/database</c>: a MariaDB or MySQL server.</summary>
    MySql,
}

/// <summary>
/// <c>[general] DB_CONNECTION_STRING</c> parsed as CLUES parses it (cpyutils <c>db.py</c>, spec §8):
/// <c>sqlite://PATH</c>, <c>mysql://[user[:password]@]host[:port]/database</c> (port 3306 when left out), or empty.
/// </summary>
/// <remarks>
/// FIX: CLUES kept the quotes of a quoted user or password (<c>mysql://u:'p@ss'@host/db</c>) as part of the value;
/// here they only delimit it. Like CLUES, nothing is percent-decoded. <see cref="ToString"/> and every error message
/// hide the password: they end up in logs.
/// </remarks>
public sealed partial class DatabaseConnectionString
{
    /// <summary>The port of a <c>mysql://</c> string that names none (MySQL's and MariaDB's default).</summary>
    public const int DefaultMySqlPort = 3306;

    private const string SqliteScheme = "sqlite://";
    private const string MySqlScheme = "mysql://";
    private const string MySqlForm = "mysql://user:password@host[:port]/database";

    private DatabaseConnectionString(DatabaseProvider provider)
    {
        Provider = provider;
    }

    /// <summary>The kind of database.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file (<see cref="DatabaseProvider.Sqlite"/>), else null.</summary>
    public string? SqlitePath { get; private init; }

    /// <summary>The server's host name or address (<see cref="DatabaseProvider.MySql"/>), else null.</summary>
    public string? Host { get; private init; }

    /// <summary>The server's TCP port (<see cref="DatabaseProvider.MySql"/>).</summary>
    public int Port { get; private init; }

    /// <summary>The user to log in as; null when the string names none (the server then decides).</summary>
    public string? User { get; private init; }

    /// <summary>The password; null when the string names none.</summary>
    public string? Password { get; private init; }

    /// <summary>The database (schema) on the server.</summary>
    public string? Database { get; private init; }

    /// <summary>Where the database is, for messages: the file, or <c>host:port</c>.</summary>
    public string Location => Provider switch
    {
        DatabaseProvider.Sqlite => SqlitePath!,
        DatabaseProvider.MySql => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}",
        _ => "memory",
    };

    /// <summary>The string with the password hidden: safe to log.</summary>
    public override string ToString() => Provider switch
    {
        DatabaseProvider.Sqlite => SqliteScheme + SqlitePath,
        DatabaseProvider.MySql => MySqlScheme + (User is null ? "" : User + (Password is null ? "" : ":***") + "@") + Location + "/" + Database,
        _ => "",
    };

    /// <summary>Parses a connection string.</summary>
    /// <exception cref="FormatException">The string is malformed; the message names the part that is wrong.</exception>
    public static DatabaseConnectionString Parse(string value) =>
        TryParse(value, out var parsed, out var error) ? parsed : throw new FormatException($"'{Redact(value)}': {error}");

    /// <summary>Parses a connection string; on failure <paramref name="error"/> names the part that is wrong (not the whole string).</summary>
    public static bool TryParse(string value, out DatabaseConnectionString parsed, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        parsed = new DatabaseConnectionString(DatabaseProvider.None);
        error = null;
        var text = value.Trim();
        if (text.Length == 0)
        {
            return true;
        }
        if (text.StartsWith(SqliteScheme, StringComparison.Ordinal))
        {
            if (text.Length == SqliteScheme.Length)
            {
                error = "the sqlite:// string names no file (such as sqlite:///var/lib/clues2/clues.db)";
                return false;
            }
            parsed = new DatabaseConnectionString(DatabaseProvider.Sqlite) { SqlitePath = text[SqliteScheme.Length..] };
            return true;
        }
        if (text.StartsWith(MySqlScheme, StringComparison.OrdinalIgnoreCase))
        {
            return TryParseMySql(text, out parsed, out error);
        }
        error = $"not a database connection string: use sqlite://PATH, {MySqlForm}, or empty for no persistence";
        return false;
    }

    /// <summary>Hides the password of every <c>scheme://user:password@</c> in <paramref name="text"/>.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Credentials().Replace(text, m => m.Groups["prefix"].Value + "***@");
    }

    private static bool TryParseMySql(string text, out DatabaseConnectionString parsed, out string? error)
    {
        parsed = new DatabaseConnectionString(DatabaseProvider.None);
        var match = MySqlUrl().Match(text);
        if (!match.Success)
        {
            error = $"not a MySQL connection string: use {MySqlForm}";
            return false;
        }
        var host = match.Groups["host"].Value;
        if (host.Length == 0)
        {
            error = $"the mysql:// string names no host: use {MySqlForm}";
            return false;
        }
        if (!HostName().IsMatch(host))
        {
            error = $"the host '{host}' is not a host name or IPv4 address";
            return false;
        }
        var port = DefaultMySqlPort;
        if (match.Groups["port"].Success
            && !(int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535))
        {
            error = $"the port '{match.Groups["port"].Value}' is not a TCP port from 1 to 65535";
            return false;
        }
        var database = match.Groups["db"].Value;
        if (database.Length == 0)
        {
            // CLUES: MalformedConnectionString("Missing DB Name").
            error = $"the mysql:// string names no database: use {MySqlForm}";
            return false;
        }
        if (match.Groups["user"].Success && Unquote(match.Groups["user"].Value).Length == 0)
        {
            error = "the user name is empty";
            return false;
        }
        error = null;
        parsed = new DatabaseConnectionString(DatabaseProvider.MySql)
        {
            Host = host,
            Port = port,
            User = match.Groups["user"].Success ? Unquote(match.Groups["user"].Value) : null,
            Password = match.Groups["password"].Success ? Unquote(match.Groups["password"].Value) : null,
            Database = database,
        };
        return true;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[^1] == value[0] ? value[1..^1] : value;

    // CLUES' expression, with quotes allowed around the user as around the password and each part checked apart
    // so that an error can say which one is wrong.
    [GeneratedRegex("""^mysql://(?:(?<user>"[^"]*"|'[^']*'|[^:@/]+)(?::(?<password>"[^"]*"|'[^']*'|[^@]*))?@)?(?<host>[^:/@]*)(?::(?<port>[^/]*))?(?:/(?<db>.*))?$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MySqlUrl();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9\-\.]*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();

    // A password runs to the last '@' before the host (it may contain '@' only when quoted, as in CLUES).
    [GeneratedRegex("""(?<prefix>[a-zA-Z][a-zA-Z0-9+.\-]*://(?:"[^"]*"|'[^']*'|[^:@/\s]+):)(?:"[^"]*"|'[^']*'|[^@\s]*)@""", RegexOptions.CultureInvariant)]
    private static partial Regex Credentials();
}
