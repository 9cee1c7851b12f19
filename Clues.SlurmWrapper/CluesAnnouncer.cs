using System.Globalization;
using Clues.Core.Api.XmlRpc;

namespace Clues.SlurmWrapper;

/// <summary>
/// Tells CLUES that a job is about to wait for resources: <c>request_create(secret, cpus, memory, tasks, tasks,
/// queue expression)</c>, the call CLUES' sbatch wrapper makes, not tied to a Slurm job id (sbatch has not run yet).
/// </summary>
internal sealed class CluesAnnouncer(XmlRpcClient client, string secret)
{
    /// <summary>Creates the request and returns CLUES' id for it.</summary>
    /// <exception cref="HttpRequestException">CLUES could not be reached.</exception>
    /// <exception cref="XmlRpcFaultException">CLUES answered a fault.</exception>
    /// <exception cref="InvalidOperationException">CLUES refused the request (for example a wrong secret).</exception>
    public async Task<long> AnnounceAsync(SbatchJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        // Memory as a double: XML-RPC i4 cannot hold byte counts over 2 GiB, and CLUES reads any number.
        var result = await client.CallAsync("request_create",
            [secret, job.CpusPerTask, (double)job.MemoryBytes, job.TaskCount, job.TaskCount, job.QueueExpression], cancellationToken)
            .ConfigureAwait(false);
        if (result is object[] { Length: 2 } pair && pair[0] is true)
        {
            return Convert.ToInt64(pair[1], CultureInfo.InvariantCulture);
        }
        var detail = result is object[] { Length: 2 } refused ? refused[1] : result;
        throw new InvalidOperationException("CLUES refused the request: " + Convert.ToString(detail, CultureInfo.InvariantCulture));
    }
}
