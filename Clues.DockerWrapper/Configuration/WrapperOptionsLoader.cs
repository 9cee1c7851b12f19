using Clues.Core.Config;
using Clues.DockerWrapper.Announce;
using Clues.DockerWrapper.Dispatch;

namespace Clues.DockerWrapper.Configuration;

/// <summary>
/// Builds <see cref="WrapperOptions"/> from, in increasing priority: defaults, the environment
/// (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH), the <c>[DOCKER_WRAPPER]</c> section of the CLUES
/// configuration (clues2.cfg found as CLUES finds it, plus <c>CONFIG_DIR/*.cfg</c>), and the command line.
/// Every problem is collected and reported together.
/// </summary>
internal static class WrapperOptionsLoader
{
    /// <summary>The INI section read.</summary>
    public const string Section = "DOCKER_WRAPPER";

    // The Docker LRMS plugin's section and key (cluesplugins.docker), read here for the default placement.
    private const string DockerSection = "DOCKER";
    private const string IncludeManagersKey = "INCLUDE_MANAGERS";

    /// <summary>The usage text for <c>--help</c> and argument errors.</summary>
    public const string Usage = """
        usage: docker-wrapper [--config PATH] [--listen HOST:PORT|unix:///PATH] [--upstream unix:///PATH|tcp://HOST:PORT]
                              [--tlsverify] [--cert-path DIR] [--db PATH] [--mode auto|swarm|container] [--order fifo|lifo]
        Settings come from [DOCKER_WRAPPER] in clues2.cfg (./etc, ~/clues2/etc, /etc/clues2 or --config), the
        environment (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) and these options, the latter winning.
        """;

    /// <exception cref="ConfigException">Any value is invalid; the message lists all of them.</exception>
    /// <exception cref="ArgumentException">An unknown command-line option.</exception>
    public static WrapperOptions Load(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var arguments = ParseArguments(args);
        var explicitFile = arguments.GetValueOrDefault("config");
        if (explicitFile is not null && !File.Exists(explicitFile))
        {
            throw new ConfigException([new ConfigError(explicitFile, "", "--config", explicitFile, "an existing file")]);
        }
        // The same files, in the same order, as clues-host reads.
        var config = new ConfigLoader(ConfigLoaderOptions.ForEnvironment(
            Environment.CurrentDirectory, environment("HOME") ?? "", explicitFile)).Load();
        // Command line over file, file over environment: write the lower layers first, overwrite with higher ones.
        var merged = new CluesConfig();
        SetIfPresent(merged, "DOCKER_HOST", environment("DOCKER_HOST"));
        SetIfPresent(merged, "TLS_VERIFY", environment("DOCKER_TLS_VERIFY") is { Length: > 0 } v && v != "0" ? "1" : null);
        SetIfPresent(merged, "CERT_PATH", environment("DOCKER_CERT_PATH"));
        foreach (var entry in config.Entries(Section))
        {
            merged.Set(Section, entry.Key, entry.Value, entry.File);
        }
        // [client] (and [general]'s secret) are the defaults of the CLUES server the jobs are announced to.
        foreach (var entry in config.Entries(AnnounceOptions.ClientSection))
        {
            merged.Set(AnnounceOptions.ClientSection, entry.Key, entry.Value, entry.File);
        }
        if (config.Find(GeneralOptions.Section, "CLUES_SECRET_TOKEN") is { } secret)
        {
            merged.Set(GeneralOptions.Section, secret.Key, secret.Value, secret.File);
        }
        if (config.Find(DockerSection, IncludeManagersKey) is { } managers)
        {
            merged.Set(DockerSection, managers.Key, managers.Value, managers.File);
        }
        foreach (var (name, key) in new[] { ("listen", "LISTEN"), ("upstream", "DOCKER_HOST"), ("db", "DB"), ("mode", "MODE"), ("order", "ORDER"), ("cert-path", "CERT_PATH"), ("tlsverify", "TLS_VERIFY") })
        {
            if (arguments.TryGetValue(name, out var value))
            {
                merged.Set(Section, key, value, "(command line)");
            }
        }
        foreach (var error in config.Errors)
        {
            merged.AddError(error);
        }
        return Build(merged);
    }

    /// <summary>Reads the options from a populated configuration (also used by tests).</summary>
    public static WrapperOptions Build(CluesConfig config)
    {
        var defaults = new WrapperOptions();
        var tls = config.GetBool(Section, "TLS_VERIFY", false);
        var certPath = config.GetString(Section, "CERT_PATH", "");
        var upstreamText = config.GetString(Section, "DOCKER_HOST", "unix:///var/run/docker.sock");
        var upstream = defaults.Upstream;
        try
        {
            upstream = UpstreamEndpoint.Parse(upstreamText, tls, certPath.Length > 0 ? certPath : null);
        }
        catch (FormatException)
        {
            AddError(config, "DOCKER_HOST", upstreamText, "unix:///path or tcp://host:port");
        }
        if (upstream.Tls && upstream.CertPath is null)
        {
            AddError(config, "CERT_PATH", "", "a folder with ca.pem, cert.pem and key.pem when TLS_VERIFY is on");
        }
        var listen = config.GetString(Section, "LISTEN", defaults.Listen);
        if (!listen.StartsWith("unix://", StringComparison.Ordinal)
            && !System.Net.IPEndPoint.TryParse(listen.StartsWith("tcp://", StringComparison.Ordinal) ? listen[6..] : listen, out _))
        {
            AddError(config, "LISTEN", listen, "ADDRESS:PORT (such as 127.0.0.1:8880) or unix:///path");
        }
        // The Docker LRMS plugin's own key: when CLUES does not count managers, jobs must not run on them either.
        var includeManagers = config.GetBool(DockerSection, IncludeManagersKey, false);
        var options = new WrapperOptions
        {
            Listen = listen,
            Upstream = upstream,
            DatabasePath = config.GetString(Section, "DB", defaults.DatabasePath),
            Mode = ReadEnum(config, "MODE", defaults.Mode),
            Order = ReadEnum(config, "ORDER", defaults.Order),
            DispatchPeriod = ReadSeconds(config, "PERIOD_DISPATCH", defaults.DispatchPeriod),
            RetryDelay = ReadSeconds(config, "RETRY_DELAY", defaults.RetryDelay),
            MaxRetryDelay = ReadSeconds(config, "MAX_RETRY_DELAY", defaults.MaxRetryDelay),
            KeepFinished = ReadSeconds(config, "KEEP_FINISHED", defaults.KeepFinished),
            MaxRunning = config.GetInt(Section, "MAX_RUNNING", defaults.MaxRunning),
            PlacementConstraints = ReadConstraints(config, includeManagers),
            Announce = AnnounceOptions.Read(config, Section),
        };
        config.ThrowIfErrors();
        return options;
    }

    private static Dictionary<string, string> ParseArguments(IReadOnlyList<string> args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'\n{Usage}");
            }
            var name = arg[2..];
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                result[name[..eq]] = name[(eq + 1)..];
            }
            else if (name == "tlsverify")
            {
                result[name] = "1";
            }
            else if (i + 1 < args.Count)
            {
                result[name] = args[++i];
            }
            else
            {
                throw new ArgumentException($"option '{arg}' needs a value\n{Usage}");
            }
        }
        string[] known = ["config", "listen", "upstream", "db", "mode", "order", "tlsverify", "cert-path"];
        foreach (var key in result.Keys.Where(k => !known.Contains(k)))
        {
            throw new ArgumentException($"unknown option '--{key}'\n{Usage}");
        }
        return result;
    }

    private static IReadOnlyList<PlacementConstraint> ReadConstraints(CluesConfig config, bool includeManagers)
    {
        var entry = config.Find(Section, "PLACEMENT_CONSTRAINTS");
        if (entry is null)
        {
            return includeManagers ? [] : [WrapperOptions.WorkersOnly];
        }
        var constraints = new List<PlacementConstraint>();
        foreach (var text in entry.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (PlacementConstraint.TryParse(text) is { } constraint)
            {
                constraints.Add(constraint);
            }
            else
            {
                AddError(config, "PLACEMENT_CONSTRAINTS", text,
                    "Swarm constraints separated by commas, each ATTRIBUTE==VALUE or ATTRIBUTE!=VALUE with node.id, node.hostname, "
                    + "node.role, node.platform.os, node.platform.arch, node.labels.NAME or engine.labels.NAME (such as node.role==worker)");
            }
        }
        return constraints;
    }

    private static void SetIfPresent(CluesConfig config, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            config.Set(Section, key, value, "(environment)");
        }
    }

    private static T ReadEnum<T>(CluesConfig config, string key, T defaultValue) where T : struct, Enum
    {
        var text = config.GetString(Section, key, defaultValue.ToString());
        if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value))
        {
            return value;
        }
        AddError(config, key, text, "one of " + string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant())));
        return defaultValue;
    }

    private static TimeSpan ReadSeconds(CluesConfig config, string key, TimeSpan defaultValue)
    {
        var seconds = config.GetDouble(Section, key, defaultValue.TotalSeconds);
        if (seconds <= 0)
        {
            AddError(config, key, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "a positive number of seconds");
            return defaultValue;
        }
        return TimeSpan.FromSeconds(seconds);
    }

    private static void AddError(CluesConfig config, string key, string value, string expected) =>
        config.AddError(new ConfigError(config.Find(Section, key)?.File, Section, key, value, expected));
}
