using Clues.Core.Requests;

namespace Clues.Core.Scheduling;

/// <summary>What the schedulers of one pass know about the cluster (CLUES' <c>MonitoringInfo</c>).</summary>
/// <param name="Nodes">A private copy of every node, shared by the schedulers of the pass.</param>
/// <param name="NodesTimestamp">When the nodes were last monitored successfully.</param>
/// <param name="Jobs">The live LRMS job list (null while jobs are not monitored).</param>
/// <param name="JobsTimestamp">When the jobs were last monitored successfully.</param>
public sealed record MonitoringInfo(NodeList Nodes, double NodesTimestamp, JobList? Jobs, double JobsTimestamp);
