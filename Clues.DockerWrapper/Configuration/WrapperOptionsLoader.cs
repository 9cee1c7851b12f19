using Clues.Core.Config;
using Clues.Core.Config.Schema;
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
    public const string Section = WrapperKeys.Section;

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

    /// <param name="args">The command line.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="warnings">
    /// Receives what is accepted but probably a mistake: a <c>[DOCKER_WRAPPER]</c> key the wrapper does not know
    /// (misspelt, or another section's), which would otherwise be ignored without a word.
    /// </param>
    /// <exception cref="ConfigException">Any value is invalid; the message lists all of them.</exception>
    /// <exception cref="ArgumentException">An unknown command-line option.</exception>
    public static WrapperOptions Load(IReadOnlyList<string> args, Func<string, string?> environment, ICollection<ConfigWarning>? warnings = null)
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
        foreach (var warning in config.Warnings.Where(w => w.Section == Section).Concat(WrapperKeys.Schema.UnknownKeys(config)))
        {
            warnings?.Add(warning);
        }
        return Build(merged);
    }

    /// <summary>Reads the options from a populated configuration (also used by tests).</summary>
    public static WrapperOptions Build(CluesConfig config)
    {
        var upstream = new WrapperOptions().Upstream;
        var tls = WrapperKeys.TlsVerify.Read(config, Section);
        var certPath = WrapperKeys.CertPath.Read(config, Section);
        var upstreamText = WrapperKeys.DockerHost.Read(config, Section);
        upstream = UpstreamEndpoint.Parse(upstreamText, tls, certPath.Length > 0 ? certPath : null);
        if (upstream.Tls && upstream.CertPath is null)
        {
            AddError(config, "CERT_PATH", "", "a folder with ca.pem, cert.pem and key.pem when TLS_VERIFY is on");
        }
        var listen = WrapperKeys.Listen.Read(config, Section);
        var isUnix = listen.StartsWith("unix://", StringComparison.Ordinal);
        var listenTls = ReadListenTls(config);
        var insecureTcp = WrapperKeys.InsecureTcp.Read(config, Section);
        if (isUnix && listenTls is not null)
        {
            AddError(config, "LISTEN_TLS_VERIFY", "1", "off for a unix socket (TLS guards a TCP listener; for TLS towards the engine use TLS_VERIFY / --upstream-tlsverify)");
        }
        else if (!isUnix && listenTls is null && !insecureTcp)
        {
            AddError(config, "LISTEN", listen,
                "a unix socket, or TCP with client certificates (--tlsverify --tlscacert --tlscert --tlskey, keys LISTEN_TLS_*), or INSECURE_TCP = 1 (--insecure-tcp) to accept anyone who can reach the port");
        }
        // The Docker LRMS plugin's own key: when CLUES does not count managers, jobs must not run on them either.
        var includeManagers = config.GetBool(DockerSection, IncludeManagersKey, false);
        var owner = WrapperKeys.ListenOwner.Read(config, Section);
        var group = WrapperKeys.ListenGroup.Read(config, Section);
        var options = new WrapperOptions
        {
            Listen = listen,
            ListenAccess = new SocketAccess(owner.Length > 0 ? owner : null, group.Length > 0 ? group : null,
                WrapperKeys.ParseMode(WrapperKeys.ListenMode.Read(config, Section))),
            ListenTls = listenTls,
            InsecureTcp = insecureTcp,
            HeaderTimeout = Seconds(config, WrapperKeys.HeaderTimeout),
            MaxConnections = WrapperKeys.MaxConnections.Read(config, Section),
            Upstream = upstream,
            DatabasePath = WrapperKeys.Database.Read(config, Section),
            Mode = Enum.Parse<DispatchMode>(WrapperKeys.Mode.Read(config, Section), ignoreCase: true),
            Order = Enum.Parse<QueueOrder>(WrapperKeys.Order.Read(config, Section), ignoreCase: true),
            DispatchPeriod = Seconds(config, WrapperKeys.PeriodDispatch),
            RetryDelay = Seconds(config, WrapperKeys.RetryDelay),
            MaxRetryDelay = Seconds(config, WrapperKeys.MaxRetryDelay),
            KeepFinished = Seconds(config, WrapperKeys.KeepFinished),
            MaxRunning = WrapperKeys.MaxRunning.Read(config, Section),
            PlacementConstraints = ReadConstraints(config, includeManagers),
            Announce = AnnounceOptions.Read(config, Section),
        };
        config.ThrowIfErrors();
        return options;
    }

    /// <summary>The listener's TLS files, all three required once LISTEN_TLS_VERIFY is on; null when it is off.</summary>
    private static ListenTls? ReadListenTls(CluesConfig config)
    {
        var verify = WrapperKeys.ListenTlsVerify.Read(config, Section);
        var files = new[]
        {
            (Key: WrapperKeys.ListenTlsCaCert, What: "the CA that signs client certificates"),
            (Key: WrapperKeys.ListenTlsCert, What: "the wrapper's server certificate"),
            (Key: WrapperKeys.ListenTlsKey, What: "the server certificate's private key"),
        }.Select(f => (f.Key, f.What, Path: f.Key.Read(config, Section))).ToList();
        foreach (var (key, what, path) in files)
        {
            if (!verify && config.Find(Section, key.Name) is { } stray)
            {
                AddError(config, key.Name, stray.Value, "used only with LISTEN_TLS_VERIFY = 1 (--tlsverify)");
            }
            else if (verify && !File.Exists(path))
            {
                AddError(config, key.Name, path, $"an existing PEM file: {what} (needed by LISTEN_TLS_VERIFY / --tlsverify)");
            }
        }
        return verify ? new ListenTls(files[0].Path, files[1].Path, files[2].Path) : null;
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
        var text = WrapperKeys.PlacementConstraints.Read(config, Section);
        if (config.Find(Section, WrapperKeys.PlacementConstraints.Name) is null)
        {
            return includeManagers ? [] : [WrapperOptions.WorkersOnly];
        }
        // The key's validation has reported any constraint Swarm would not understand.
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(PlacementConstraint.TryParse).OfType<PlacementConstraint>().ToList();
    }

    private static void SetIfPresent(CluesConfig config, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            config.Set(Section, key, value, "(environment)");
        }
    }

    private static TimeSpan Seconds(CluesConfig config, ConfigKey<double> key) => TimeSpan.FromSeconds(key.Read(config, Section));

    private static void AddError(CluesConfig config, string key, string value, string expected) =>
        config.AddError(new ConfigError(config.Find(Section, key)?.File, Section, key, value, expected));
}
