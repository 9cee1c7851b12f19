using System.Globalization;
using Clues.Core.Api.XmlRpc;

namespace Clues.DockerWrapper.Announce;

/// <summary>
/// <c>request_create</c> over XML-RPC, with the arguments CLUES' own sbatch wrapper sends:
/// <c>(secret, cpus, memory, 1, 1, '"default" in queues', job_id, [])</c>.
/// </summary>
internal sealed class XmlRpcCluesRequestClient(XmlRpcClient client, string secret) : ICluesRequestClient
{
    /// <summary>The queue expression of the Docker LRMS plugin's jobs (every Swarm node is in queue "default").</summary>
    public const string QueueExpression = "\"default\" in queues";

    public async Task<long> RequestCreateAsync(double cpus, long memoryBytes, string jobId, CancellationToken cancellationToken)
    {
        // Memory as a double: XML-RPC i4 cannot hold byte counts over 2 GiB, and CLUES reads any number.
        var result = await client.CallAsync("request_create",
            [secret, cpus, (double)memoryBytes, 1, 1, QueueExpression, jobId, Array.Empty<object>()], cancellationToken).ConfigureAwait(false);
        if (result is object[] { Length: 2 } pair && pair[0] is true)
        {
            return Convert.ToInt64(pair[1], CultureInfo.InvariantCulture);
        }
        var detail = result is object[] { Length: 2 } refused ? Convert.ToString(refused[1], CultureInfo.InvariantCulture) : Convert.ToString(result, CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"CLUES refused request_create: {detail}");
    }
}
