using Clues.Core.Config;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clues.Host.Server;

/// <summary>Registration of the remote API server.</summary>
public static class CluesServerExtensions
{
    /// <summary>
    /// Adds the remote API (XML-RPC on <c>/</c> and <c>/RPC2</c>, JSON under <c>/api</c>, the status page and
    /// <c>/metrics</c>) as a hosted service listening on <c>CLUES_HOST:CLUES_PORT</c>. An
    /// <see cref="Core.Api.ICluesControl"/> must be registered too.
    /// </summary>
    public static IServiceCollection AddCluesApiServer(this IServiceCollection services, GeneralOptions general) =>
        services.AddCluesApiServer(CluesApiServerOptions.FromGeneral(general));

    /// <summary>Adds the remote API with explicit options.</summary>
    public static IServiceCollection AddCluesApiServer(this IServiceCollection services, CluesApiServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CluesApiServer>();
        services.AddHostedService(sp => sp.GetRequiredService<CluesApiServer>());
        return services;
    }
}
