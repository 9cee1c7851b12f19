namespace Clues.Tests.E2E;

/// <summary>One observation of a node's CLUES state (from the JSON API) at a local time.</summary>
internal sealed record NodeSample(DateTimeOffset At, string Name, string State);
