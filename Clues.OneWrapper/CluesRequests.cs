using System.Globalization;
using Clues.Core.Api.XmlRpc;

namespace Clues.OneWrapper;

/// <summary>The three CLUES calls the hook makes, each bounded by the announce timeout.</summary>
internal sealed class CluesRequests(XmlRpcClient client, string secret, TimeSpan timeout)
{
    /// <summary><c>version()</c>: whether CLUES answers at all.</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken) =>
        Convert.ToString(await client.CallAsync("version", [], timeout, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// <c>request_create(secret, cpu, memory, 1, 1, "", vm id, [host])</c>, linked to the VM id so that the ONE LRMS's
    /// job list marks it served once the VM runs.
    /// </summary>
    /// <exception cref="InvalidOperationException">CLUES refused the request (for example a wrong secret).</exception>
    public async Task<long> CreateAsync(double cpu, double memory, long vmId, IReadOnlyList<string> hosts, CancellationToken cancellationToken)
    {
        var result = await client.CallAsync("request_create",
            [secret, cpu, memory, 1, 1, "", vmId, hosts.ToArray()], timeout, cancellationToken).ConfigureAwait(false);
        if (result is object[] { Length: 2 } pair && pair[0] is true)
        {
            return Convert.ToInt64(pair[1], CultureInfo.InvariantCulture);
        }
        var detail = result is object[] { Length: 2 } refused ? refused[1] : result;
        throw new InvalidOperationException("CLUES refused the request: " + Convert.ToString(detail, CultureInfo.InvariantCulture));
    }

    /// <summary><c>request_wait(secret, id, 1)</c>: whether the request left CLUES' queue.</summary>
    /// <exception cref="InvalidOperationException">CLUES refused the call.</exception>
    public async Task<bool> ServedAsync(long requestId, CancellationToken cancellationToken)
    {
        var result = await client.CallAsync("request_wait", [secret, requestId, 1], timeout, cancellationToken).ConfigureAwait(false);
        return result is object[] { Length: 2 } pair && pair[0] is true
            ? pair[1] is true
            : throw new InvalidOperationException("CLUES refused request_wait: " + Convert.ToString(result is object[] { Length: 2 } p ? p[1] : result, CultureInfo.InvariantCulture));
    }
}
