using Clues.Core.Persistence;

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

        if (!DatabaseConnectionString.TryParse(o.DbConnectionString, out _, out var error))
        {
            check.Fail("DB_CONNECTION_STRING", o.DbConnectionString,
                $"sqlite://<path>, mysql://user:password@host[:port]/database, or empty for no persistence: {error}");
        }
    }
}
