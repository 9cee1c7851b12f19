using Clues.Host.Server;
using Clues.Tests.Api;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clues.Tests.Host.Server;

/// <summary>A real <see cref="CluesApiServer"/> on a free loopback port, backed by a <see cref="FakeCluesControl"/>.</summary>
internal sealed class ApiServerHarness : IAsyncDisposable
{
    private readonly CluesApiServer _server;

    private ApiServerHarness(CluesApiServer server, FakeCluesControl control)
    {
        _server = server;
        Control = control;
    }

    public FakeCluesControl Control { get; }

    public Uri BaseAddress => _server.Addresses[0];

    public Uri XmlRpcUrl => new(BaseAddress, "/RPC2");

    public static async Task<ApiServerHarness> StartAsync(FakeCluesControl control, string secret = "s3cret", long maxBody = 1024 * 1024)
    {
        var options = new CluesApiServerOptions { Host = "127.0.0.1", Port = 0, SecretToken = secret, MaxRequestBodyBytes = maxBody };
        var server = new CluesApiServer(options, control, NullLoggerFactory.Instance, TimeProvider.System);
        await server.StartAsync(CancellationToken.None);
        return new ApiServerHarness(server, control);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None);
        await _server.DisposeAsync();
    }
}
