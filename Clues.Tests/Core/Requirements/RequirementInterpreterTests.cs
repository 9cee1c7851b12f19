using Clues.Core.Model;
using Clues.Core.Requirements;
using NUnit.Framework;

namespace Clues.Tests.Core.Requirements;

/// <summary>
/// The values requirement programs produce (not only whether they pass), checked against what the original
/// evaluator returns for the same text on the spec's sample node.
/// </summary>
[TestFixture]
public sealed class RequirementInterpreterTests
{
    private static IEnumerable<TestCaseData> Values()
    {
        yield return Case("cpus", "4", "a keyword's value is returned as is");
        yield return Case("\"gpu\" in queues", "True", "membership yields a real boolean");
        yield return Case("3 && 4", "BOOLEAN(4.0)", "and of numbers is a boolean holding the last number");
        yield return Case("0 && 4", "BOOLEAN(0.0)", "and of numbers stops at a false first number");
        yield return Case("3 || 0", "BOOLEAN(3.0)", "or of numbers returns the first true number");
        yield return Case("&&", "BOOLEAN(None)", "and of empty terms is a boolean holding None");
        yield return Case("[,]", "[None]", "a missing list item is an unknown value");
        yield return Case("[] + [1]", "[1]", "lists concatenate");
        yield return Case("\"a\" + \"b\"", "'ab'", "strings concatenate");
        yield return Case("7 / 2", "3.5", "division is true division");
        yield return Case("cpus > 2;", "None", "a trailing semicolon yields unknown");
        yield return Case("", "None", "an empty program yields unknown");
        yield return Case("()", "None", "empty parentheses yield unknown");
        yield return Case("x = 2", "NoValue", "a lone assignment yields no value");
        yield return Case("1 and 1", "NoValue", "the word and yields no value");
        yield return Case("x = 2; y = 3", "None", "two assignments yield unknown");
        yield return Case("hostname == wn1", "Error", "an undefined variable is an error");
        yield return Case("cpus == \"4\"", "Error", "a type mismatch is an error");
        yield return Case("1 / 0", "Error", "division by zero is an error");
        yield return Case("1KB", "Error", "a syntax error is an error");
    }

    [TestCaseSource(nameof(Values))]
    public void Evaluate_Program_YieldsTheOriginalsValue(string expression, string expected)
    {
        var value = new RequirementEvaluator().Evaluate(expression, SampleNode.Keywords);

        Assert.That(value.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Evaluate_KeywordList_IsUsableAsAKeywordAgain()
    {
        var value = new RequirementEvaluator().Evaluate("queues + [\"x\"]", SampleNode.Keywords);

        Assert.That(value.ToKeyword(), Is.EqualTo(KeywordValue.Parse("[all.q,gpu,x]")));
    }

    [Test]
    public void PythonEquals_NumberPayloadBooleanAgainstTrue_ComparesNumerically()
    {
        var four = new RequirementEvaluator().Evaluate("3 && 4", SampleNode.Keywords);
        var one = new RequirementEvaluator().Evaluate("1 && 1", SampleNode.Keywords);

        Assert.That(RequirementInterpreter.PythonEquals(four, Value.True), Is.False);
        Assert.That(RequirementInterpreter.PythonEquals(one, Value.True), Is.True);
        Assert.That(one.IsTrue, Is.False, "only a real True passes a requirement");
    }

    private static TestCaseData Case(string expression, string expected, string sentence) =>
        new TestCaseData(expression, expected).SetName($"{{m}}: {sentence}");
}
