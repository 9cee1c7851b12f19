namespace Clues.Core.Config.Validators;

/// <summary>Checks <c>[general]</c>: log mark period, command timeout, port, log level and database string.</summary>
internal sealed class GeneralValidator : ISectionValidator
{
    public string Section => GeneralOptions.Section;

    public void Validate(CluesOptions options, CluesConfig config)
    {
        var o = options.General;
        var check = new SectionChecks(config, Section);
        check.Positive("LOGGER_MARK", o.LoggerMark, "a period in seconds > 0");
        check.NonNegative("TIMEOUT_COMMANDS", o.TimeoutCommands, "a timeout in seconds ≥ 0");
        check.InRange("CLUES_PORT", o.Port, 1, 65535, "a TCP port from 1 to 65535");
        check.LogLevel("LOG_LEVEL", o.LogLevel);

        var db = o.DbConnectionString;
        if (db.StartsWith("mysql://", StringComparison.OrdinalIgnoreCase))
        {
            // FIX (spec §14 Q16): CLUES' MySQL support built invalid DDL; the port keeps sqlite only.
            check.Fail("DB_CONNECTION_STRING", db, "sqlite://<path> or empty: only sqlite is supported, not mysql://");
        }
        else if (db.Length > 0 && !(db.StartsWith(GeneralOptions.SqlitePrefix, StringComparison.Ordinal) && db.Length > GeneralOptions.SqlitePrefix.Length))
        {
            check.Fail("DB_CONNECTION_STRING", db,
                "sqlite://<path> (such as sqlite:///var/lib/clues2/clues.db) or empty for no persistence");
        }
    }
}
