namespace Clues.Core.Scheduling;

/// <summary>A node of a placement: where it sits in the pools and its free resources before the request.</summary>
internal readonly record struct PlacedNode(PoolKind Pool, int Position, double SlotsFree, double MemoryFree);
