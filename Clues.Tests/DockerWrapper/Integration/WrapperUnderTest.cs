using System.Net;
using System.Net.Sockets;
using Clues.DockerWrapper;
using Clues.DockerWrapper.Configuration;
using Clues.DockerWrapper.Jobs;
using Clues.DockerWrapper.Proxy;
using Clues.Tests.Integration.Lab;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Clues.Tests.DockerWrapper.Integration;

/// <summary>
/// A docker-wrapper running in the test process with its own job database, on a free loopback port or, when
/// asked, on a unix socket (as users point DOCKER_HOST at it).
/// </summary>
internal sealed class WrapperUnderTest : IAsyncDisposable
{
    private readonly IHost _host;

    private WrapperUnderTest(IHost host, EndPoint endpoint, string databasePath)
    {
        _host = host;
        Endpoint = endpoint;
        DatabasePath = databasePath;
    }

    public EndPoint Endpoint { get; }

    public string DatabasePath { get; }

    /// <summary>The DOCKER_HOST that reaches the wrapper.</summary>
    public string DockerHost => Endpoint is UnixDomainSocketEndPoint unix ? $"unix://{unix}" : $"tcp://{Endpoint}";

    public DockerCli Cli => new(DockerHost);

    public Uri BaseAddress => Endpoint is IPEndPoint ip ? new($"http://{ip}/") : throw new InvalidOperationException("the wrapper listens on a unix socket");

    /// <summary>The wrapper's job store, to see what it kept.</summary>
    public JobStore Jobs => _host.Services.GetRequiredService<JobStore>();

    public static Task<WrapperUnderTest> StartAsync(string upstream, DispatchMode mode, string? databasePath = null, string? listen = null,
        Func<WrapperOptions, WrapperOptions>? configure = null) =>
        StartAsync(UpstreamEndpoint.Parse(upstream, false, null), mode, databasePath, listen, configure);

    public static async Task<WrapperUnderTest> StartAsync(UpstreamEndpoint upstream, DispatchMode mode, string? databasePath = null, string? listen = null,
        Func<WrapperOptions, WrapperOptions>? configure = null)
    {
        var db = databasePath ?? Path.Combine(Directory.CreateTempSubdirectory("clues-wrapper-").FullName, "jobs.db");
        var options = new WrapperOptions
        {
            Listen = listen ?? "127.0.0.1:0",
            InsecureTcp = true,
            Upstream = upstream,
            DatabasePath = db,
            Mode = mode,
            DispatchPeriod = TimeSpan.FromMilliseconds(300),
            RetryDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        };
        var host = WrapperHost.Build(configure?.Invoke(options) ?? options, _ => { });
        await host.StartAsync();
        var endpoint = await host.Services.GetRequiredService<ProxyServer>().Listening.WaitAsync(TimeSpan.FromSeconds(10));
        return new WrapperUnderTest(host, endpoint, db);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
