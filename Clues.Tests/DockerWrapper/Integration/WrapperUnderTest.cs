using System.Net;
using Clues.DockerWrapper;
using Clues.DockerWrapper.Configuration;
using Clues.DockerWrapper.Proxy;
using Clues.Tests.Integration.Lab;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Clues.Tests.DockerWrapper.Integration;

/// <summary>A docker-wrapper running in the test process on a free loopback port, with its own job database.</summary>
internal sealed class WrapperUnderTest : IAsyncDisposable
{
    private readonly IHost _host;

    private WrapperUnderTest(IHost host, IPEndPoint endpoint, string databasePath)
    {
        _host = host;
        Endpoint = endpoint;
        DatabasePath = databasePath;
    }

    public IPEndPoint Endpoint { get; }

    public string DatabasePath { get; }

    public DockerCli Cli => new($"tcp://{Endpoint}");

    public Uri BaseAddress => new($"http://{Endpoint}/");

    public static async Task<WrapperUnderTest> StartAsync(string upstream, DispatchMode mode, string? databasePath = null)
    {
        var db = databasePath ?? Path.Combine(Directory.CreateTempSubdirectory("clues-wrapper-").FullName, "jobs.db");
        var options = new WrapperOptions
        {
            Listen = "127.0.0.1:0",
            Upstream = UpstreamEndpoint.Parse(upstream, false, null),
            DatabasePath = db,
            Mode = mode,
            DispatchPeriod = TimeSpan.FromMilliseconds(300),
            RetryDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        };
        var host = WrapperHost.Build(options, _ => { });
        await host.StartAsync();
        var endpoint = (IPEndPoint)await host.Services.GetRequiredService<ProxyServer>().Listening.WaitAsync(TimeSpan.FromSeconds(10));
        return new WrapperUnderTest(host, endpoint, db);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
