using Clues.Core.Api.XmlRpc;

namespace Clues.Cli.Operations;

/// <summary>CLUES' XML-RPC methods as the CLI calls them (the same argument lists as the original client).</summary>
internal sealed class CluesRemote
{
    private readonly XmlRpcClient _client;
    private readonly string _secret;

    /// <param name="client">The server.</param>
    /// <param name="secret">CLUES_SECRET_TOKEN.</param>
    /// <param name="callTimeout">How long one call may take (<c>[client] CLUES_CALL_TIMEOUT</c>); infinite = no limit.</param>
    public CluesRemote(XmlRpcClient client, string secret, TimeSpan callTimeout)
    {
        _client = client;
        _secret = secret;
        CallTimeout = callTimeout;
    }

    public Uri Endpoint => _client.Endpoint;

    /// <summary>The limit of one call, and the margin added to a <c>request_wait</c> timeout.</summary>
    public TimeSpan CallTimeout { get; }

    public async Task<string> VersionAsync(CancellationToken ct) =>
        Convert.ToString(await _client.CallAsync("version", [], CallTimeout, ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// <summary>Calls a method whose first argument is the secret and whose result is <c>[success, payload]</c>.</summary>
    public Task<(bool Success, object Payload)> CallAsync(string method, CancellationToken ct, params object[] arguments) =>
        CallWithinAsync(method, CallTimeout, ct, arguments);

    /// <summary>As <see cref="CallAsync"/>, with its own limit (<c>request_wait</c> waits on the server).</summary>
    public async Task<(bool Success, object Payload)> CallWithinAsync(string method, TimeSpan timeout, CancellationToken ct, params object[] arguments)
    {
        var result = await _client.CallAsync(method, [_secret, .. arguments], timeout, ct).ConfigureAwait(false);
        if (result is IReadOnlyList<object> { Count: 2 } pair && pair[0] is bool success)
        {
            return (success, pair[1]);
        }
        throw new XmlRpcFaultException(XmlRpcFaultCodes.ParseError, $"unexpected answer to {method}: expected [success, payload]");
    }
}
