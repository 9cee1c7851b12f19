using Clues.Core.Model;

namespace Clues.Plugins.Sge;

/// <summary>One entry of <c>qstat -r -xml</c>: a job, an array task, or the pending tasks of an array job.</summary>
/// <param name="Id">CLUES' id: the job number, with <c>.task</c> for a running array task or a second entry of the same job.</param>
/// <param name="State">PENDING, BLOCKED (held or in error) or ATTENDED (anything else: running, transferring, suspended).</param>
/// <param name="Nodes">Where it runs (the host of its master queue); empty while pending.</param>
/// <param name="Request">What it asks for.</param>
internal sealed record SgeJob(string Id, RequestState State, IReadOnlyList<string> Nodes, SgeJobRequest Request);
