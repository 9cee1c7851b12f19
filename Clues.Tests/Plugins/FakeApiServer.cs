using System.Net;
using System.Security.Cryptography.X509Certificates;
using Clues.Tests.Plugins.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clues.Tests.Plugins;

/// <summary>
/// The common part of the REST backends the plugin tests serve in the test process (Kestrel on loopback): plain HTTP,
/// TLS, or TLS that requires a client certificate signed by the test CA; a log of the requests; a fault hook; a lock
/// under which the tests script the backend's state.
/// </summary>
internal abstract class FakeApiServer : IAsyncDisposable
{
    private readonly List<string> _requests = [];
    private WebApplication? _app;

    /// <summary>Held while the served state is read or changed.</summary>
    protected object Lock { get; } = new();

    /// <summary>The server's base URL (<c>localhost</c> over TLS, so the test certificate's name matches).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Intercepts every authorized request before it is served; returns true when it answered the request itself.</summary>
    public Func<HttpContext, Task<bool>>? Fault { get; set; }

    /// <summary>Method, path and query of every request served, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (Lock)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>The subject of the client certificate of the last request, or null without one.</summary>
    public string? LastClientCertificate { get; private set; }

    /// <summary>Changes the served state under the server's lock (the plugin may be reading).</summary>
    public void Edit(Action change)
    {
        lock (Lock)
        {
            change();
        }
    }

    /// <summary>Starts listening: plain HTTP, TLS, or TLS requiring a client certificate that <paramref name="clientCa"/> signed.</summary>
    protected async Task ListenAsync(X509Certificate2? certificate, TestCertificates? clientCa)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is null)
            {
                return;
            }
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                if (clientCa is not null)
                {
                    // The handshake fails without a certificate, or with one the test CA did not sign.
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (client, _, _) => clientCa.SignedClient(client);
                }
            });
        }));
        _app = builder.Build();
        _app.Run(ReceiveAsync);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.Replace("127.0.0.1", certificate is null ? "127.0.0.1" : "localhost", StringComparison.Ordinal));
    }

    /// <summary>Answers a request the credentials do not allow and returns false, or returns true.</summary>
    protected abstract Task<bool> AuthorizeAsync(HttpContext context);

    /// <summary>Serves an authorized request the fault hook left alone.</summary>
    protected abstract Task ServeAsync(HttpContext context);

    private async Task ReceiveAsync(HttpContext context)
    {
        var request = context.Request;
        LastClientCertificate = context.Connection.ClientCertificate?.Subject;
        lock (Lock)
        {
            _requests.Add($"{request.Method} {request.Path}{request.QueryString}");
        }
        if (!await AuthorizeAsync(context) || (Fault is { } fault && await fault(context)))
        {
            return;
        }
        await ServeAsync(context);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
