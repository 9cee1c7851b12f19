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

    /// <summary>Command-line options and the <c>[DOCKER_WRAPPER]</c> keys they set.</summary>
    private static readonly (string Option, string Key)[] s_optionKeys =
    [
        ("listen", "LISTEN"), ("listen-owner", "LISTEN_OWNER"), ("listen-group", "LISTEN_GROUP"), ("listen-mode", "LISTEN_MODE"),
        ("tlsverify", "LISTEN_TLS_VERIFY"), ("tlscacert", "LISTEN_TLS_CACERT"), ("tlscert", "LISTEN_TLS_CERT"), ("tlskey", "LISTEN_TLS_KEY"),
        ("insecure-tcp", "INSECURE_TCP"), ("upstream", "DOCKER_HOST"), ("upstream-tlsverify", "TLS_VERIFY"), ("cert-path", "CERT_PATH"),
        ("db", "DB"), ("mode", "MODE"), ("order", "ORDER"),
    ];

    /// <summary>Options that take no value.</summary>
    private static readonly HashSet<string> s_flags = ["tlsverify", "upstream-tlsverify", "insecure-tcp"];

    /// <summary>The usage text for <c>--help</c> and argument errors.</summary>
    public const string Usage = """
        usage: docker-wrapper [--config PATH] [--listen unix:///PATH|HOST:PORT]
                              [--listen-owner USER] [--listen-group GROUP] [--listen-mode OCTAL]
                              [--tlsverify --tlscacert CA.PEM --tlscert CERT.PEM --tlskey KEY.PEM] [--insecure-tcp]
                              [--upstream unix:///PATH|tcp://HOST:PORT] [--upstream-tlsverify] [--cert-path DIR]
                              [--db PATH] [--mode auto|swarm|container] [--order fifo|lifo]
        The wrapper listens on unix:///run/clues2/docker-wrapper.sock with the engine socket's owner, group and mode
        unless told otherwise. A TCP listener needs --tlsverify with client certificates signed by --tlscacert (as
        dockerd), or --insecure-tcp. --upstream-tlsverify and --cert-path are TLS towards the engine.
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
        foreach (var (name, key) in s_optionKeys)
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
        var isUnix = listen.StartsWith("unix://", StringComparison.Ordinal);
        if (isUnix ? listen.Length == "unix://".Length
            : !System.Net.IPEndPoint.TryParse(listen.StartsWith("tcp://", StringComparison.Ordinal) ? listen[6..] : listen, out _))
        {
            AddError(config, "LISTEN", listen, "unix:///path or ADDRESS:PORT (such as 127.0.0.1:2376)");
        }
        var listenTls = ReadListenTls(config);
        var insecureTcp = config.GetBool(Section, "INSECURE_TCP", false);
        if (isUnix && listenTls is not null)
        {
            AddError(config, "LISTEN_TLS_VERIFY", "1", "off for a unix socket (TLS guards a TCP listener; for TLS towards the engine use TLS_VERIFY / --upstream-tlsverify)");
        }
        else if (!isUnix && listenTls is null && !insecureTcp)
        {
            AddError(config, "LISTEN", listen,
                "a unix socket, or TCP with client certificates (--tlsverify --tlscacert --tlscert --tlskey, keys LISTEN_TLS_*), or INSECURE_TCP = 1 (--insecure-tcp) to accept anyone who can reach the port");
        }
        var maxConnections = config.GetInt(Section, "MAX_CONNECTIONS", defaults.MaxConnections);
        if (maxConnections <= 0)
        {
            AddError(config, "MAX_CONNECTIONS", maxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture), "a positive number of connections");
        }
        // The Docker LRMS plugin's own key: when CLUES does not count managers, jobs must not run on them either.
        var includeManagers = config.GetBool(DockerSection, IncludeManagersKey, false);
        var options = new WrapperOptions
        {
            Listen = listen,
            ListenAccess = new SocketAccess(ReadName(config, "LISTEN_OWNER"), ReadName(config, "LISTEN_GROUP"), ReadMode(config)),
            ListenTls = listenTls,
            InsecureTcp = insecureTcp,
            HeaderTimeout = ReadSeconds(config, "HEADER_TIMEOUT", defaults.HeaderTimeout),
            MaxConnections = maxConnections,
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

    /// <summary>The listener's TLS files, all three required once LISTEN_TLS_VERIFY is on; null when it is off.</summary>
    private static ListenTls? ReadListenTls(CluesConfig config)
    {
        if (!config.GetBool(Section, "LISTEN_TLS_VERIFY", false))
        {
            foreach (var key in new[] { "LISTEN_TLS_CACERT", "LISTEN_TLS_CERT", "LISTEN_TLS_KEY" })
            {
                if (config.Find(Section, key) is { } stray)
                {
                    AddError(config, key, stray.Value, "used only with LISTEN_TLS_VERIFY = 1 (--tlsverify)");
                }
            }
            return null;
        }
        string File(string key, string what)
        {
            var path = config.GetString(Section, key, "");
            if (!System.IO.File.Exists(path))
            {
                AddError(config, key, path, $"an existing PEM file: {what} (needed by LISTEN_TLS_VERIFY / --tlsverify)");
            }
            return path;
        }
        return new ListenTls(
            File("LISTEN_TLS_CACERT", "the CA that signs client certificates"),
            File("LISTEN_TLS_CERT", "the wrapper's server certificate"),
            File("LISTEN_TLS_KEY", "the server certificate's private key"));
    }

    private static string? ReadName(CluesConfig config, string key)
    {
        var name = config.GetString(Section, key, "");
        if (name.Length > 0 && !System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z0-9_][A-Za-z0-9_.-]*$"))
        {
            AddError(config, key, name, "a user or group name or number");
        }
        return name.Length > 0 ? name : null;
    }

    private static UnixFileMode? ReadMode(CluesConfig config)
    {
        var text = config.GetString(Section, "LISTEN_MODE", "");
        if (text.Length == 0)
        {
            return null;
        }
        if (text.Length is >= 3 and <= 4 && text.All(c => c is >= '0' and <= '7'))
        {
            var mode = Convert.ToInt32(text, 8);
            if (mode <= 0x1ff)
            {
                return (UnixFileMode)mode;
            }
        }
        AddError(config, "LISTEN_MODE", text, "octal permission bits such as 660");
        return null;
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
            else if (s_flags.Contains(name))
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
        foreach (var key in result.Keys.Where(k => k != "config" && !s_optionKeys.Any(o => o.Option == k)))
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
