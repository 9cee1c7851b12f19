namespace Clues.Plugins.OpenNebula.Api;

/// <summary>Where and as whom OpenNebula's XML-RPC API is called.</summary>
/// <param name="Endpoint">The API URL, for example <c>http://localhost:2633/RPC2</c>.</param>
/// <param name="Session">The session string sent first in every call: <c>user:password</c> (or <c>user:token</c>).</param>
/// <param name="Timeout">The most one call may take.</param>
internal sealed record OneConnection(Uri Endpoint, string Session, TimeSpan Timeout)
{
    /// <summary>The largest answer read: a VM pool of thousands of VMs is tens of MB; more is refused, not buffered.</summary>
    public long MaxResponseBytes { get; init; } = 256L << 20;

    /// <summary>The endpoint without any user information, for messages.</summary>
    public string Display => Endpoint.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}
