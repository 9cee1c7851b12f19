using Clues.Core.Api.XmlRpc;
using Clues.DockerWrapper.Announce;
using Clues.DockerWrapper.Api;
using Clues.DockerWrapper.Configuration;
using Clues.DockerWrapper.Dispatch;
using Clues.DockerWrapper.Jobs;
using Clues.DockerWrapper.Proxy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clues.DockerWrapper;

/// <summary>Wires the wrapper's parts into a generic host (used by <c>Program</c> and by in-process tests).</summary>
internal static class WrapperHost
{
    public static IHost Build(WrapperOptions options, Action<ILoggingBuilder> logging)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<JobChangeSignal>();
        services.AddSingleton(sp => new JobStore(options.DatabasePath, sp.GetRequiredService<JobChangeSignal>()));
        services.AddSingleton(new UpstreamConnector(options.Upstream));
        services.AddSingleton<UpstreamClient>();
        services.AddSingleton<DockerForwarder>();
        services.AddSingleton<SwarmBackend>();
        services.AddSingleton<ContainerBackend>();
        services.AddSingleton<BackendResolver>();
        services.AddSingleton<JobContainerEndpoints>();
        services.AddSingleton<WrapperApiEndpoints>();
        services.AddSingleton<ProxyMetrics>();
        services.AddSingleton<ProxyServer>();
        services.AddHostedService(sp => sp.GetRequiredService<ProxyServer>());
        services.AddHostedService<JobDispatcher>();
        if (options.Announce.Enabled)
        {
            services.AddSingleton<ICluesRequestClient>(new XmlRpcCluesRequestClient(
                new XmlRpcClient(new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, options.Announce.Endpoint!), options.Announce.Secret));
            services.AddHostedService<JobAnnouncer>();
        }
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        return builder.Build();
    }
}
