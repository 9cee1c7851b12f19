using Clues.Core.Api;
using Clues.Core.Model;

namespace Clues.Host.Server;

/// <summary>A node as the JSON API shows it.</summary>
internal sealed record NodeJson(
    string Name, string State, int StateCode, bool Enabled,
    double SlotsCount, double SlotsFree, double MemoryTotal, double MemoryFree,
    double TimestampState, double TimestampPoweredOn, double TimestampPoweredOff,
    int PowerOnOperationFailed, int PowerOffOperationFailed,
    IReadOnlyDictionary<string, object?> Keywords, string? Why,
    bool Quarantined, double? QuarantinedUntil, double? PowerOnRetryAt, string? Group)
{
    public static NodeJson From(NodeSnapshot n) => new(
        n.Name, n.State.ToDisplay(), (int)n.State, n.Enabled,
        n.SlotsCount, n.SlotsFree, n.MemoryTotal, n.MemoryFree,
        n.TimestampState, n.TimestampPoweredOn, n.TimestampPoweredOff,
        n.PowerOnOperationFailed, n.PowerOffOperationFailed,
        n.Keywords.ToDictionary(k => k.Key, k => ToPlain(k.Value), StringComparer.Ordinal), n.Why,
        n.Quarantined, n.QuarantinedUntil, n.PowerOnRetryAt, n.Group);

    private static object? ToPlain(KeywordValue value) => value.Type switch
    {
        KeywordType.String => value.Text,
        KeywordType.Number => value.Number,
        KeywordType.Boolean => value.Boolean,
        KeywordType.List => (value.Items ?? []).Select(ToPlain).ToArray(),
        _ => null,
    };
}
