using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Requirements;
using Clues.Core.Scheduling;
using Clues.Tests.Common.Builders;
using NUnit.Framework;

namespace Clues.Tests.Core.Scheduling;

/// <summary>
/// CLUES' meets_resources: capacity first, then the requirement expressions, with the same answer whether the
/// requirements come from the evaluator (prepared once per pass by the scheduler) or from a plain function.
/// </summary>
[TestFixture]
public sealed class ResourceMatcherTests
{
    private static readonly string?[][] ExpressionLists =
    [
        [], [""], ["  ", "\t"], ["\"gpu\" in queues"], ["\"cpu\" in queues"], ["cpus >= 4"], ["cpus >= 4", "\"gpu\" in queues"],
        ["x = 8; x > cpus"], ["nosuchvar == 1"], ["cpus >="], [null], ["", null], ["cpus >= 1", null],
    ];

    public static IEnumerable<TestCaseData> Cases =>
        ExpressionLists.Select(list => new TestCaseData((object)list).SetArgDisplayNames(string.Join(" | ", list.Select(e => e ?? "null"))));

    [TestCaseSource(nameof(Cases))]
    public void Meets_Expressions_SameAnswerFromEveryPath(string?[] expressions)
    {
        var evaluator = new RequirementEvaluator();
        var node = NodeBuilder.Named("wn1").WithSlots(4).WithMemory(4096).WithKeyword("queues", "[\"all\", \"gpu\"]").WithKeyword("cpus", "4").Build();
        var resources = new Resources(1, 1024, expressions!);
        var expected = expressions.All(e => e is not null) && evaluator.Matches(expressions!, node.Keywords);

        var prepared = new ResourceMatcher(new MonitoringOptions(), evaluator);
        var plain = new ResourceMatcher(new MonitoringOptions(), evaluator.Matches);

        Assert.Multiple(() =>
        {
            Assert.That(prepared.Meets(node, resources), Is.EqualTo(expected), "evaluator");
            Assert.That(plain.Meets(node, resources), Is.EqualTo(expected), "function");
            Assert.That(prepared.PrepareRequirements(expressions!)(node), Is.EqualTo(expected), "prepared once");
            Assert.That(plain.PrepareRequirements(expressions!)(node), Is.EqualTo(expected), "function, prepared once");
        });
    }

    [Test]
    public void Meets_NullExpression_IsNotMet()
    {
        // CLUES fails on a null entry; a blank list shortcut must not count it as blank.
        var node = NodeBuilder.Named("wn1").WithSlots(4).WithMemory(4096).Build();
        var matcher = new ResourceMatcher(new MonitoringOptions(), new RequirementEvaluator());

        Assert.That(matcher.Meets(node, new Resources(1, 1024, [null!])), Is.False);
        Assert.That(matcher.Meets(node, new Resources(1, 1024, [""])), Is.True);
    }

    [Test]
    public void Meets_NotEnoughSlotsOrMemory_IsNotMetWhateverTheExpressions()
    {
        var node = NodeBuilder.Named("wn1").WithSlots(4, free: 1).WithMemory(4096, free: 512).Build();
        var matcher = new ResourceMatcher(new MonitoringOptions(), new RequirementEvaluator());

        Assert.That(matcher.Meets(node, new Resources(2, 256, [""])), Is.False, "slots");
        Assert.That(matcher.Meets(node, new Resources(1, 1024, [""])), Is.False, "memory");
        Assert.That(matcher.Meets(node, new Resources(1, 512, [""])), Is.True, "both just enough");
    }
}
