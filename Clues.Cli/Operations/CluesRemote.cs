using Clues.Core.Api.XmlRpc;

namespace Clues.Cli.Operations;

/// <summary>CLUES' XML-RPC methods as the CLI calls them (the same argument lists as the original client).</summary>
internal sealed class CluesRemote
{
    private readonly XmlRpcClient _client;
    private readonly string _secret;

    public CluesRemote(XmlRpcClient client, string secret)
    {
        _client = client;
        _secret = secret;
    }

    public Uri Endpoint => _client.Endpoint;

    public async Task<string> VersionAsync(CancellationToken ct) =>
        Convert.ToString(await _client.CallAsync("version", [], ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// <summary>Calls a method whose first argument is the secret and whose result is <c>[success, payload]</c>.</summary>
    public async Task<(bool Success, object Payload)> CallAsync(string method, CancellationToken ct, params object[] arguments)
    {
        var result = await _client.CallAsync(method, [_secret, .. arguments], ct).ConfigureAwait(false);
        if (result is IReadOnlyList<object> { Count: 2 } pair && pair[0] is bool success)
        {
            return (success, pair[1]);
        }
        throw new XmlRpcFaultException(XmlRpcFaultCodes.ParseError, $"unexpected answer to {method}: expected [success, payload]");
    }
}
