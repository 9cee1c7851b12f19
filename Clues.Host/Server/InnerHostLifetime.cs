using Microsoft.Extensions.Hosting;

namespace Clues.Host.Server;

/// <summary>
/// The lifetime of the web host nested in <see cref="CluesApiServer"/>: it does nothing, so only the outer host
/// reacts to Ctrl+C and SIGTERM and stops the web host through <see cref="IHostedService.StopAsync"/>.
/// </summary>
internal sealed class InnerHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
