using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clues.Tests.Common;

/// <summary>A Kestrel server in the test process on a free loopback port, answering every request with one handler.</summary>
internal static class LoopbackServer
{
    /// <summary>Starts the server; returns it and the address it listens on (<c>http://127.0.0.1:port</c>, or https).</summary>
    /// <param name="handler">Serves every request.</param>
    /// <param name="listen">Adjusts the endpoint (for example TLS).</param>
    /// <param name="limits">Adjusts the server limits.</param>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(RequestDelegate handler, Action<ListenOptions>? listen = null,
        Action<KestrelServerLimits>? limits = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, options => listen?.Invoke(options));
            limits?.Invoke(k.Limits);
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }
}
