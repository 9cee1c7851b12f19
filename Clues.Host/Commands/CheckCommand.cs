using Clues.Core.Config;
using Clues.Core.Hosting;

namespace Clues.Host.Commands;

/// <summary>
/// <c>clues-host check [--config PATH]</c>: loads the configuration the way the daemon does, validates it, and
/// prints the files read, the effective value of every known key with its origin, the keys CLUES would
/// silently ignore, and every error. Exit code 0 = valid, 1 = invalid, 2 = bad command line.
/// </summary>
internal static class CheckCommand
{
    /// <summary>The command's usage line.</summary>
    public const string Usage = "usage: clues-host check [--config PATH]";

    /// <summary>Runs the check.</summary>
    /// <param name="args">The arguments after <c>check</c> (a leading <c>check</c> word is skipped too).</param>
    /// <param name="stdout">Receives the report.</param>
    /// <param name="stderr">Receives the errors and usage problems.</param>
    /// <param name="check">
    /// Validates the loaded configuration; null = <see cref="ConfigurationCheck.Run"/> for the daemon, the check
    /// <c>run</c> and <c>simulate</c> make too, plus the <see cref="CompanionSections"/> present. Every key it reads
    /// joins the report.
    /// </param>
    /// <param name="loaderOptions">Where to look for files; null = CLUES' search list for this process.</param>
    public static int Run(
        IReadOnlyList<string> args,
        TextWriter stdout,
        TextWriter stderr,
        Func<CluesConfig, ConfigCheckResult>? check = null,
        ConfigLoaderOptions? loaderOptions = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        string? configFile = null;
        var list = args.Count > 0 && args[0] == "check" ? args.Skip(1).ToList() : args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            switch (list[i])
            {
                case "-h" or "--help":
                    stdout.WriteLine(Usage);
                    stdout.WriteLine("Loads and validates the CLUES configuration (./etc, ~/clues2/etc, /etc/clues2, or PATH and its CONFIG_DIR).");
                    return 0;
                case "--config" when i + 1 < list.Count:
                    configFile = list[++i];
                    break;
                case var a when a.StartsWith("--config=", StringComparison.Ordinal) && a.Length > "--config=".Length:
                    configFile = a["--config=".Length..];
                    break;
                default:
                    stderr.WriteLine(list[i] == "--config" ? "--config needs a file path" : $"unknown argument '{list[i]}'");
                    stderr.WriteLine(Usage);
                    return 2;
            }
        }

        var options = loaderOptions
            ?? ConfigLoaderOptions.ForEnvironment(Environment.CurrentDirectory, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        if (configFile is not null)
        {
            options = options with { ConfigFile = Path.GetFullPath(configFile) };
        }

        CluesConfig config;
        try
        {
            config = new ConfigLoader(options).Load();
        }
        catch (ConfigException ex)
        {
            return Fail(stdout, stderr, ex.Errors.Count > 0 ? ex.Errors : [new ConfigError(null, "", "", null, ex.Message)]);
        }

        check ??= c => ConfigurationCheck.Run(c, ConfigCheckScope.Daemon, companions: CompanionSections.All);
        var result = check(config);

        WriteFiles(stdout, config, options);
        WriteValues(stdout, config);
        WriteWarnings(stdout, config, result.Warnings);
        PluginFolderReport.Write(stdout, config);
        return result.Errors.Count > 0 ? Fail(stdout, stderr, result.Errors) : Ok(stdout);
    }

    private static void WriteFiles(TextWriter stdout, CluesConfig config, ConfigLoaderOptions options)
    {
        if (config.Files.Count == 0)
        {
            stdout.WriteLine($"No {ConfigLoaderOptions.MainFileName} found in: {string.Join(", ", options.SearchDirectories)}; every key has its default.");
        }
        else
        {
            stdout.WriteLine("Files read (later ones override earlier ones):");
            foreach (var file in config.Files)
            {
                stdout.WriteLine("  " + file);
            }
        }
        stdout.WriteLine();
    }

    private static void WriteValues(TextWriter stdout, CluesConfig config)
    {
        stdout.WriteLine("Effective values:");
        // Keys are aligned, values not: one long value (SCHEDULER_CLASSES) must not push every origin off screen.
        var rows = config.Reads.Select(r => (Name: $"[{r.Section}] {r.Key}", Value: Display(r), Origin: Origin(r))).ToList();
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Name.Length);
        foreach (var (name, value, origin) in rows)
        {
            stdout.WriteLine($"  {name.PadRight(width)} = {value}  ({origin})");
        }
        stdout.WriteLine();
    }

    private static void WriteWarnings(TextWriter stdout, CluesConfig config, IReadOnlyList<ConfigWarning> warnings)
    {
        if (warnings.Count > 0)
        {
            stdout.WriteLine("Warnings (CLUES accepts these without a word; they are probably mistakes):");
            foreach (var warning in warnings)
            {
                stdout.WriteLine("  warning: " + warning);
            }
            stdout.WriteLine();
        }
        var unread = ConfigInspector.UnreadSections(config);
        if (unread.Count > 0)
        {
            stdout.WriteLine("Sections not checked here (read by plugins or wrappers, or unused):");
            foreach (var section in unread)
            {
                var misplaced = config.Entries(section)
                    .Select(e => (e.Key, Homes: ConfigInspector.SectionsReading(config, e.Key).ToList()))
                    .Where(k => k.Homes.Count > 0)
                    .Select(k => $"{k.Key} is a [{k.Homes[0]}] key")
                    .ToList();
                stdout.WriteLine($"  [{section}]" + (misplaced.Count > 0 ? $" (note: {string.Join(", ", misplaced)})" : ""));
            }
            stdout.WriteLine();
        }
    }

    private static int Ok(TextWriter stdout)
    {
        stdout.WriteLine("Configuration is valid.");
        return 0;
    }

    private static int Fail(TextWriter stdout, TextWriter stderr, IReadOnlyList<ConfigError> errors)
    {
        stderr.WriteLine($"Configuration is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):");
        foreach (var error in errors)
        {
            stderr.WriteLine("  error: " + error);
        }
        stdout.Flush();
        return 1;
    }

    private static string Display(ConfigRead read)
    {
        if (read.Kind != ConfigValueKind.String)
        {
            return read.EffectiveValue;
        }
        // Secrets are shown as set/unset only: check output ends up in terminals, tickets and CI logs.
        if (IsSecret(read.Key) && read.EffectiveValue.Length > 0)
        {
            return $"<hidden, {read.EffectiveValue.Length} characters>";
        }
        // A URL's password (DB_CONNECTION_STRING's mysql://user:password@…) is hidden the same way.
        return "\"" + Clues.Core.Persistence.DatabaseConnectionString.Redact(read.EffectiveValue).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
    }

    private static bool IsSecret(string key) =>
        key.Contains("SECRET", StringComparison.OrdinalIgnoreCase)
        || key.Contains("TOKEN", StringComparison.OrdinalIgnoreCase)
        || key.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase);

    private static string Origin(ConfigRead read) =>
        read.Entry is { } entry ? entry.Origin
        : read.RejectedEntry is { } rejected ? $"default: the value at {rejected.Origin} is invalid"
        : "default";
}
