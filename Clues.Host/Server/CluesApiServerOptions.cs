using Clues.Core.Config;

namespace Clues.Host.Server;

/// <summary>Where and how the remote API listens.</summary>
public sealed class CluesApiServerOptions
{
    /// <summary>clues2.cfg <c>[general] CLUES_HOST</c>, default <c>localhost</c>; empty (or <c>*</c>) = all interfaces.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>clues2.cfg <c>[general] CLUES_PORT</c>, default 8000; 0 picks a free port (tests).</summary>
    public int Port { get; set; } = 8000;

    /// <summary>clues2.cfg <c>[general] CLUES_SECRET_TOKEN</c>, default empty (then only an empty secret is accepted).</summary>
    public string SecretToken { get; set; } = "";

    /// <summary>Largest request body accepted, default 1 MiB; bigger ones get HTTP 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The database the reports read: the SQLite file (<c>DB_CONNECTION_STRING</c> without <c>sqlite://</c>) or the
    /// <c>mysql://</c> string; null = reports off.
    /// </summary>
    public string? Database { get; set; }

    /// <summary>The options for the <c>[general]</c> section.</summary>
    public static CluesApiServerOptions FromGeneral(GeneralOptions general)
    {
        ArgumentNullException.ThrowIfNull(general);
        var db = general.DbConnectionString.Trim();
        return new CluesApiServerOptions
        {
            Host = general.Host, Port = general.Port, SecretToken = general.SecretToken,
            Database = db.StartsWith("sqlite://", StringComparison.Ordinal) ? db["sqlite://".Length..]
                : db.StartsWith("mysql://", StringComparison.OrdinalIgnoreCase) ? db
                : null,
        };
    }
}
