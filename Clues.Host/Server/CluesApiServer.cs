using System.Net;
using System.Text;
using Clues.Core.Api;
using Clues.Core.Daemon;
using Clues.Core.HighAvailability;
using Clues.Core.Api.XmlRpc;
using Clues.Core.Reports;
using Clues.Host.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clues.Host.Server;

/// <summary>
/// The remote API: a Kestrel web host nested in the daemon's host, serving CLUES' XML-RPC on <c>/</c> and
/// <c>/RPC2</c>, JSON under <c>/api</c>, a status page on <c>GET /</c> and Prometheus metrics on <c>/metrics</c>.
/// </summary>
/// <remarks>
/// FIX (spec §14 Q18, §1.11): Kestrel serves clients concurrently and every handler is async, so a long
/// <c>request_wait</c> holds no thread and delays no one. Mutations go through <see cref="ICluesControl"/>,
/// which marshals them into the control loop.
/// </remarks>
internal sealed partial class CluesApiServer : IHostedService, IAsyncDisposable
{
    private readonly CluesApiServerOptions _options;
    private readonly ICluesControl _control;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger<CluesApiServer> _logger;
    private readonly DaemonMetrics? _daemonMetrics;
    private WebApplication? _app;
    private StandbyForwarder? _forwarder;

    public CluesApiServer(CluesApiServerOptions options, ICluesControl control, ILoggerFactory loggerFactory, TimeProvider time,
        DaemonMetrics? daemonMetrics = null)
    {
        _daemonMetrics = daemonMetrics;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _control = control ?? throw new ArgumentNullException(nameof(control));
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = loggerFactory.CreateLogger<CluesApiServer>();
    }

    /// <summary>The addresses listened on, once started (with the real port when <c>Port</c> was 0).</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, InnerHostLifetime>();
        builder.Services.AddSingleton(_control);
        builder.Services.AddSingleton(_time);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = _options.MaxRequestBodyBytes;
            Listen(kestrel, _options.Host, _options.Port);
        });
        var app = builder.Build();

        if (_control is HighAvailabilityControl ha)
        {
            _forwarder = new StandbyForwarder(ha, _options.MaxRequestBodyBytes);
            app.Use(_forwarder.InvokeAsync);
        }
        var secret = new SecretChecker(_options.SecretToken);
        var metrics = new ApiMetrics(_time);
        var service = new CluesXmlRpcService(_control, _options.SecretToken, _loggerFactory.CreateLogger<CluesXmlRpcService>());
        var xmlRpc = new XmlRpcEndpoint(service, _options, metrics);
        app.MapPost("/", xmlRpc.HandleAsync);
        app.MapPost("/RPC2", xmlRpc.HandleAsync);
        JsonApiEndpoints.Map(app, secret, metrics);
        app.MapGet("/", () => Results.Content(StatusPage.Html, "text/html; charset=utf-8"));
        app.MapGet("/api/ha", (HttpContext context) => HighAvailability(context, secret));
        app.MapGet("/reports/{file}", (string file, HttpContext context) => Reports(file, context, secret));
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            if (!secret.IsValid(BearerToken.Read(context.Request)))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }
            var text = await CluesMetrics.RenderAsync(_control, metrics, _daemonMetrics, context.RequestAborted).ConfigureAwait(false);
            return Results.Text(text, PrometheusText.ContentType, Encoding.UTF8);
        });

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        Addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => new Uri(a)).ToArray() ?? [];
        Log.Listening(_logger, string.Join(", ", Addresses));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _forwarder?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }

    // spec §11: cluesdata.json (and .js, as CLUES' report pages load it) generated live from the database, FROM 0 to now;
    // summary.json, the report the status page draws (docs/reports.md).
    // FIX (spec §14 Q27): the secret comes in the Authorization header, never in the URL.
    private IResult Reports(string file, HttpContext context, SecretChecker secret)
    {
        if (!secret.IsValid(BearerToken.Read(context.Request)))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }
        if (file is not ("cluesdata.json" or "cluesdata.js" or "summary.json"))
        {
            return Results.NotFound();
        }
        if (_options.Database is not { } location
            || (!location.StartsWith("mysql://", StringComparison.OrdinalIgnoreCase) && !File.Exists(location)))
        {
            return Results.Text("reports are deactivated (no database in DB_CONNECTION_STRING)", statusCode: StatusCodes.Status404NotFound);
        }
        CluesDatabaseReader database;
        try
        {
            database = CluesDatabaseReader.Open(location);
        }
        catch (ReportException ex)
        {
            // The database server is away or refuses: the daemon goes on; the report says why it cannot be made.
            return Results.Text(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        using (database)
        {
            if (file == "summary.json")
            {
                return Summary(database, context.Request.Query["from"].FirstOrDefault(), context.Request.Query["to"].FirstOrDefault());
            }
            var now = (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;
            var text = ReportData.ToJson(database, 0, now, now);
            return file.EndsWith(".js", StringComparison.Ordinal)
                ? Results.Text($"var cluesdata={text};", "application/javascript", Encoding.UTF8)
                : Results.Text(text, "application/json", Encoding.UTF8);
        }
    }

    // The status page's reports view: the report of ClusterReportBuilder, from the first row (or ?from=) to now (or ?to=),
    // so the states of the hosts hold until this instant.
    private IResult Summary(CluesDatabaseReader database, string? from, string? to)
    {
        try
        {
            var report = ClusterReportBuilder.Read(database, from, to ?? "now", _time.GetUtcNow());
            return Results.Text(ReportJson.Serialize(report), "application/json", Encoding.UTF8);
        }
        catch (ReportException ex)
        {
            return Results.Text(ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    // Which process of an active/standby pair acts, as this one sees it; answered by each process itself (never
    // forwarded), so a client can ask both. A single clues-host answers that it is not one of a pair.
    private IResult HighAvailability(HttpContext context, SecretChecker secret)
    {
        if (!secret.IsValid(BearerToken.Read(context.Request)))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }
        if (_control is not HighAvailabilityControl ha)
        {
            return Results.Json(new { enabled = false }, JsonApiEndpoints.JsonOptions);
        }
        var status = ha.Status;
        var lease = status.Lease is { } l && !l.IsVacant(status.Now) ? new { holder = l.Holder, address = l.Address, epoch = l.Epoch, expires = l.Expires } : null;
        return Results.Json(new
        {
            enabled = true, role = status.Active ? "active" : "standby", holder = status.Holder, address = status.Address.ToString(),
            epoch = status.Active ? ha.Election.Epoch : (long?)null, active = lease, message = status.Describe(),
        }, JsonApiEndpoints.JsonOptions);
    }

    // KEEP (spec §9): CLUES_HOST empty means every interface; "localhost" means loopback only (both families).
    private static void Listen(KestrelServerOptions kestrel, string host, int port)
    {
        var trimmed = host.Trim();
        if (trimmed.Length == 0 || trimmed == "*" || trimmed == "0.0.0.0" || trimmed == "::")
        {
            kestrel.ListenAnyIP(port);
        }
        else if (IPAddress.TryParse(trimmed, out var address))
        {
            kestrel.Listen(address, port);
        }
        else if (string.Equals(trimmed, "localhost", StringComparison.OrdinalIgnoreCase) && port != 0)
        {
            kestrel.ListenLocalhost(port);
        }
        else if (string.Equals(trimmed, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.Listen(IPAddress.Loopback, 0);
        }
        else
        {
            foreach (var resolved in Dns.GetHostAddresses(trimmed))
            {
                kestrel.Listen(resolved, port);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "CLUES remote API listening on {Addresses}")]
        public static partial void Listening(ILogger logger, string addresses);
    }
}
