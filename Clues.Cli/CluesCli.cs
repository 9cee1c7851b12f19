using System.Text.Json;
using Clues.Cli.CommandLine;
using Clues.Cli.Config;
using Clues.Cli.Logging;
using Clues.Cli.Operations;
using Clues.Core.Api.XmlRpc;
using Clues.Core.Config;

namespace Clues.Cli;

/// <summary>
/// The <c>clues</c> command: CLUES 2.3's CLI (spec §10) with its outputs and exit codes, and the fixes of spec
/// §14 Q19: <c>-h</c> and parse errors need no server (arguments are parsed first), an unreachable server exits
/// 1 instead of 0, <c>enable</c> exits 0 when it succeeded, <c>nodeinfo</c>'s error line no longer crashes.
/// Adds <c>--json</c> (one JSON document for scripts), <c>status --why</c> (why nodes stay on and requests wait)
/// and <c>--config FILE</c>.
/// </summary>
internal sealed class CluesCli
{
    /// <summary>Success, or help shown.</summary>
    public const int ExitOk = 0;
    /// <summary>The server could not be reached, the configuration is invalid, or the server broke the protocol.</summary>
    public const int ExitUnreachable = 1;
    /// <summary>The operation failed or the command line is wrong (CLUES' <c>sys.exit(-1)</c>).</summary>
    public const int ExitFailed = 255;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly IClientConfigLoader _config;
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly TimeProvider _time;
    private readonly HttpMessageHandler? _handler;

    /// <param name="config">Where the [client] settings come from.</param>
    /// <param name="stdout">Standard output (all of CLUES' messages go there).</param>
    /// <param name="stderr">Standard error (problems this port reports that CLUES did not).</param>
    /// <param name="time">Clock for the log.</param>
    /// <param name="handler">HTTP handler for tests; null = sockets.</param>
    public CluesCli(IClientConfigLoader config, TextWriter stdout, TextWriter stderr, TimeProvider time, HttpMessageHandler? handler = null)
    {
        _config = config;
        _out = stdout;
        _error = stderr;
        _time = time;
        _handler = handler;
    }

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        if (!TryTakeOwnOptions(arguments, out var rest, out var json, out var why, out var configFile, out var optionError))
        {
            await _out.WriteLineAsync("Error: " + optionError).ConfigureAwait(false);
            return ExitFailed;
        }
        var command = new CommandLineParser(CliSyntax.Operations).Parse(rest);
        if (command.Errors.Count > 0)
        {
            await _out.WriteLineAsync("Error: " + string.Join(", ", command.Errors)).ConfigureAwait(false);
            return ExitFailed;
        }
        if (command.Help)
        {
            await _out.WriteLineAsync(CliSyntax.Help).ConfigureAwait(false);
            return ExitOk;
        }
        if (command.Operation is null)
        {
            await _out.WriteLineAsync("No operation was stated").ConfigureAwait(false);
            return ExitFailed;
        }
        if (why && (command.Operation != "status" || json))
        {
            await _out.WriteLineAsync("Error: --why only applies to status without --json (the JSON API has a \"why\" field)").ConfigureAwait(false);
            return ExitFailed;
        }

        ClientOptions options;
        try
        {
            options = _config.Load(configFile);
        }
        catch (ConfigException ex)
        {
            await _error.WriteLineAsync("Error: " + ex.Message).ConfigureAwait(false);
            return ExitUnreachable;
        }
        var log = new CliLog(options.LogFile, _time);
        log.Write($"clues {string.Join(' ', arguments)}");

        using var http = CreateHttpClient(Seconds(options.ConnectTimeout));
        if (!Uri.TryCreate(options.XmlRpcUrl, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            return await NotConnectedAsync(options, log, "invalid URL").ConfigureAwait(false);
        }
        var remote = new CluesRemote(new XmlRpcClient(http, endpoint, _time), options.SecretToken, Seconds(options.CallTimeout));
        try
        {
            await remote.VersionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            // The port is open but nothing answers (a hung server, or not a CLUES server): say so, not just "not running".
            await _error.WriteLineAsync($"Error: {ex.Message}; raise [client] CLUES_CALL_TIMEOUT if the server is only slow").ConfigureAwait(false);
            return await NotConnectedAsync(options, log, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or XmlRpcFaultException or IOException
            or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return await NotConnectedAsync(options, log, ex.Message).ConfigureAwait(false);
        }

        OperationResult result;
        try
        {
            result = await new CluesOperations(remote, _out, new JsonApi(http, endpoint, options.SecretToken)).RunAsync(command, printProgress: !json, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or XmlRpcFaultException or IOException or TimeoutException
            or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            log.Write($"{command.Operation} failed: {ex.Message}");
            await _error.WriteLineAsync($"Error: the CLUES server at {options.XmlRpcUrl} failed to answer: {ex.Message}").ConfigureAwait(false);
            return ExitUnreachable;
        }
        log.Write($"{command.Operation}: {(result.Success ? "succeeded" : "failed")}");
        if (!result.Success && result.Items.Any(i => i.Message.Contains("secret key", StringComparison.OrdinalIgnoreCase)))
        {
            await WriteOriginAsync(options).ConfigureAwait(false);
        }

        if (json)
        {
            using var data = result.Success ? await StructuredDataAsync(command.Operation, http, endpoint, options.SecretToken, log, cancellationToken).ConfigureAwait(false) : null;
            var document = new Dictionary<string, object?>
            {
                ["operation"] = command.Operation,
                ["success"] = result.Success,
                ["results"] = result.Items.Select(i => new { target = i.Target, success = i.Success, message = i.Message, value = i.Value }),
            };
            if (data is not null)
            {
                document[command.Operation == "status" ? "nodes" : "requests"] = data.RootElement;
            }
            await _out.WriteLineAsync(JsonSerializer.Serialize(document, JsonOptions)).ConfigureAwait(false);
        }
        else if (result.Text is not null)
        {
            await _out.WriteLineAsync(result.Text).ConfigureAwait(false);
        }
        if (why && result.Success)
        {
            await WriteWhyAsync(http, endpoint, options.SecretToken, log, cancellationToken).ConfigureAwait(false);
        }
        return result.Success ? ExitOk : ExitFailed;
    }

    /// <summary>
    /// For <c>status</c> and <c>req_get</c> with <c>--json</c>: the nodes or requests as data from the JSON API, since the
    /// XML-RPC answer is a text table. Null for other operations and against the original CLUES server (said on
    /// standard error; the document still has the table in its results).
    /// </summary>
    private async Task<JsonDocument?> StructuredDataAsync(string operation, HttpClient http, Uri endpoint, string secret, CliLog log, CancellationToken ct)
    {
        var path = operation switch
        {
            "status" => "/api/nodes",
            "req_get" => "/api/requests",
            _ => null,
        };
        if (path is null)
        {
            return null;
        }
        try
        {
            return await new JsonApi(http, endpoint, secret).GetAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            log.Write($"{operation} --json: {ex.Message}");
            await _error.WriteLineAsync($"Note: no structured data from {new Uri(endpoint, path)} ({ex.Message}); only the text is in the results").ConfigureAwait(false);
            return null;
        }
    }

    private async Task WriteWhyAsync(HttpClient http, Uri endpoint, string secret, CliLog log, CancellationToken ct)
    {
        try
        {
            await _out.WriteAsync(await new WhyReport(new JsonApi(http, endpoint, secret)).RenderAsync(ct).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or KeyNotFoundException
            or TaskCanceledException && !ct.IsCancellationRequested)
        {
            // The original CLUES server has no JSON API: the table was printed, only the explanations are missing.
            log.Write($"status --why: {ex.Message}");
            await _error.WriteLineAsync($"Error: could not get the explanations from {endpoint} ({ex.Message})").ConfigureAwait(false);
        }
    }

    private async Task<int> NotConnectedAsync(ClientOptions options, CliLog log, string reason)
    {
        var url = options.XmlRpcUrl;
        log.Write($"could not connect to {url}: {reason}");
        // KEEP the message; FIX (spec §14 Q19): exit non-zero.
        await _out.WriteLineAsync($"Could not connect to CLUES server {url} (please, check if it is running)").ConfigureAwait(false);
        await WriteOriginAsync(options).ConfigureAwait(false);
        return ExitUnreachable;
    }

    // A wrong server or a refused secret is often the wrong file, or none: say which settings were used.
    private async Task WriteOriginAsync(ClientOptions options)
    {
        if (options.Origin.Length > 0)
        {
            await _error.WriteLineAsync("Note: " + options.Origin).ConfigureAwait(false);
        }
    }

    private HttpClient CreateHttpClient(TimeSpan connectTimeout)
    {
        // No overall timeout here: each call has its own (CluesRemote), and req_wait may legitimately wait for ever.
        var handler = _handler ?? new SocketsHttpHandler { ConnectTimeout = connectTimeout, UseProxy = false };
        return new HttpClient(handler, disposeHandler: _handler is null) { Timeout = Timeout.InfiniteTimeSpan };
    }

    // A timeout of 0 or less means "no limit", as [general] TIMEOUT_COMMANDS does.
    private static TimeSpan Seconds(double seconds) => seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;

    // --json, --why and --config FILE belong to this port, not to CLUES' grammar; they are taken out wherever they are.
    internal static bool TryTakeOwnOptions(IReadOnlyList<string> arguments, out List<string> rest, out bool json, out bool why,
        out string? configFile, out string? error)
    {
        rest = [];
        json = false;
        why = false;
        configFile = null;
        error = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--why":
                    why = true;
                    break;
                case "--config":
                    if (i + 1 >= arguments.Count)
                    {
                        error = "Not enough values for parameter '--config'";
                        return false;
                    }
                    configFile = arguments[++i];
                    break;
                default:
                    rest.Add(arguments[i]);
                    break;
            }
        }
        return true;
    }
}
