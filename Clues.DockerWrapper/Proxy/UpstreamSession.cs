using Clues.DockerWrapper.Proxy.Http11;

namespace Clues.DockerWrapper.Proxy;

/// <summary>The upstream connection paired with one client connection, reused while both keep it alive.</summary>
internal sealed class UpstreamSession : IAsyncDisposable
{
    public HttpConnection? Connection { get; set; }

    public async Task ResetAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
            Connection = null;
        }
    }

    public ValueTask DisposeAsync() => new(ResetAsync());
}
