using Clues.Core.Api;
using Clues.Core.Api.Formatting;
using Clues.Core.Model;
using NUnit.Framework;

namespace Clues.Tests.Api.Formatting;

/// <summary>The lines <c>clues status</c> prints after CLUES' table: quarantined nodes and the dry run.</summary>
[TestFixture]
public sealed class StatusNotesTests
{
    private static NodeSnapshot Node(string name, bool quarantined = false, double? until = null) => new()
    {
        Name = name, State = quarantined ? NodeState.OffErr : NodeState.Off, PowerOnOperationFailed = quarantined ? 3 : 0,
        Quarantined = quarantined, QuarantinedUntil = until,
    };

    [Test]
    public void Notes_NothingToSay_AreEmpty_SoTheTableStaysCluesOwn() =>
        Assert.That(StatusTableFormatter.Notes([Node("wn1")], dryRun: false), Is.Empty);

    [Test]
    public void Notes_NameEachQuarantinedNode_AndTheDryRun()
    {
        // 2026-12-03 14:05 UTC
        var until = new DateTimeOffset(2026, 12, 3, 14, 5, 0, TimeSpan.Zero).ToUnixTimeSeconds();

        var notes = StatusTableFormatter.Notes([Node("wn2", quarantined: true, until: until), Node("wn1", quarantined: true), Node("wn3")], dryRun: true);

        Assert.That(notes.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "quarantined: wn1 after 3 failed power-ons in a row; until `clues resetstate wn1`",
            "quarantined: wn2 after 3 failed power-ons in a row; until 2026-12-03 14:05 UTC or `clues resetstate wn2`",
            "dry run: CLUES decides and logs power actions but runs none ([general] DRY_RUN or clues-host run --dry-run)",
        }));
    }
}
