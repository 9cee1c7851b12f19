using Clues.Core.Api;
using Clues.Core.Api.Formatting;
using Clues.Core.Model;
using NUnit.Framework;

namespace Clues.Tests.Api.Formatting;

[TestFixture]
public sealed class NodeDescriptionFormatterTests
{
    private static NodeSnapshot Node() => new()
    {
        Name = "wn1", SlotsCount = 2, SlotsFree = 1.5, SlotsFreeOriginal = 2, MemoryTotal = 8589934592, MemoryFree = 1024,
        MemoryFreeOriginal = 1024, State = NodeState.Idle, Id = 7, TimestampCreated = 10, TimestampState = 12.5,
        TimestampInfo = 13, TimestampPoweredOn = 10, TimestampPoweredOff = 10, PowerOnOperationFailed = 1, Enabled = true,
        PrevState = NodeState.Off, PrevTimestampState = 10,
        Keywords = new Dictionary<string, KeywordValue>
        {
            ["hostname"] = KeywordValue.FromString("wn1"),
            ["cores"] = KeywordValue.FromNumber(4),
            ["gpu"] = KeywordValue.FromBoolean(false),
            ["queues"] = KeywordValue.FromList([KeywordValue.FromString("q1"), KeywordValue.FromNumber(2.5)]),
        },
    };

    [Test]
    public void ToKeywordString_Node_ListsEveryAttributeInDeclarationOrder()
    {
        var text = NodeDescriptionFormatter.ToKeywordString(Node());

        Assert.That(text, Is.EqualTo(
            "name=wn1;slots_count=2;slots_free=1.5;slots_free_original=2;memory_total=8589934592;memory_free=1024;"
            + "memory_free_original=1024;state=0;keywords=hostname=\"wn1\";cores=4;gpu=False;queues=['q1', 2.5];;id=7;"
            + "timestamp_created=10.0;timestamp_state=12.5;timestamp_info=13.0;timestamp_poweredon=10.0;timestamp_poweredoff=10.0;"
            + "power_on_operation_failed=1;power_off_operation_failed=0;enabled=True;prev_state=2;prev_timestamp_state=10.0;"
            + "prev_timestamp_poweredon=0.0;prev_timestamp_poweredoff=0.0;prev_power_on_operation_failed=0;prev_power_off_operation_failed=0"));
    }

    [Test]
    public void ToXml_Node_WrapsEveryAttributeUnescaped()
    {
        var xml = NodeDescriptionFormatter.ToXml(Node());

        Assert.That(xml, Does.StartWith("<node><name>wn1</name><slots_count>2</slots_count>"));
        Assert.That(xml, Does.Contain("<keywords>hostname=\"wn1\";cores=4;gpu=False;queues=['q1', 2.5];</keywords>"));
        Assert.That(xml, Does.Contain("<enabled>True</enabled><prev_state>2</prev_state>"));
        Assert.That(xml, Does.EndWith("<prev_power_off_operation_failed>0</prev_power_off_operation_failed></node>"));
    }
}
