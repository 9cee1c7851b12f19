namespace Clues.Host.Server;

/// <summary>The LRMS job of a request: its id, its own state in the LRMS's words and the nodes it runs or ran on.</summary>
internal sealed record JobJson(string Id, string State, IReadOnlyList<string> Nodes);
