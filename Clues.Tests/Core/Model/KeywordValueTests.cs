using Clues.Core.Model;
using NUnit.Framework;

namespace Clues.Tests.Core.Model;

/// <summary>
/// Typed keyword values (CLUES' <c>TypedClass</c>): the "auto" conversion of plugin text, typed equality and the
/// rendering of node descriptions. Expected texts are what the original prints (<c>TypedClass.auto</c> then
/// <c>TypedDict2Str</c>, Python 3).
/// </summary>
[TestFixture]
public sealed class KeywordValueTests
{
    private static IEnumerable<TestCaseData> AutoConversions()
    {
        yield return Case("4", KeywordType.Number, "4", "integer text is an integer");
        yield return Case("2.0", KeywordType.Number, "2.0", "a decimal point keeps a float");
        yield return Case("1e3", KeywordType.Number, "1000.0", "an exponent makes a float");
        yield return Case(" 4 ", KeywordType.Number, "4", "surrounding spaces are allowed in numbers");
        yield return Case("1_000", KeywordType.Number, "1000", "underscores between digits are allowed");
        yield return Case("+5", KeywordType.Number, "5", "a plus sign is allowed");
        yield return Case("-0", KeywordType.Number, "0", "minus zero is the integer zero");
        yield return Case("5.", KeywordType.Number, "5.0", "a trailing point is a float");
        yield return Case(".5", KeywordType.Number, "0.5", "a leading point is a float");
        yield return Case("1e-7", KeywordType.Number, "1e-07", "small floats use Python's exponent form");
        yield return Case("nan", KeywordType.Number, "nan", "nan is a number as in Python");
        yield return Case("inf", KeywordType.Number, "inf", "inf is a number as in Python");
        yield return Case("0x10", KeywordType.String, "\"0x10\"", "hexadecimal is not a number");
        yield return Case("1__0", KeywordType.String, "\"1__0\"", "doubled underscores are not a number");
        yield return Case("TRUE", KeywordType.Boolean, "True", "true in any case is a boolean");
        yield return Case("false", KeywordType.Boolean, "False", "false is a boolean");
        yield return Case(" true", KeywordType.String, "\" true\"", "a boolean word with spaces is a string");
        yield return Case("wn1", KeywordType.String, "\"wn1\"", "other text is a string");
        yield return Case("", KeywordType.String, "\"\"", "empty text is an empty string");
        yield return Case("a\"b", KeywordType.String, "\"a\"b\"", "strings are rendered without escaping");
        yield return Case("[a, b]", KeywordType.List, "['a', ' b']", "list items keep their spaces");
        yield return Case("[1, 2.5,true]", KeywordType.List, "[1, 2.5, True]", "list items are auto-converted");
        yield return Case("[\"a\",\"b\"]", KeywordType.List, "['\"a\"', '\"b\"']", "quoted list items keep their quotes");
        yield return Case("[\"a,b\",c]", KeywordType.List, "['\"a,b\"', 'c']", "commas inside quotes do not split items");
        yield return Case("[a,]", KeywordType.List, "['a', '']", "a trailing comma adds an empty string");
        yield return Case("[ ]", KeywordType.List, "[' ']", "a blank list holds one blank string");
        yield return Case("[]", KeywordType.String, "\"[]\"", "two brackets alone are a string");
        yield return Case("[[1,2],3]", KeywordType.List, "['[1', '2]', 3]", "lists do not nest");
    }

    [TestCaseSource(nameof(AutoConversions))]
    public void Parse_PluginText_GivesTypedValueRenderedLikeClues(string text, KeywordType type, string rendered)
    {
        var value = KeywordValue.Parse(text);

        Assert.That(value.Type, Is.EqualTo(type));
        Assert.That(value.ToString(), Is.EqualTo(rendered));
    }

    [Test]
    public void Parse_ListText_GivesTypedItems()
    {
        var value = KeywordValue.Parse("[all.q,4,false]");

        Assert.That(value.Items, Is.EqualTo(new[]
        {
            KeywordValue.FromString("all.q"), KeywordValue.FromNumber(4), KeywordValue.FromBoolean(false),
        }));
    }

    [TestCase(4.0, false, "4")]
    [TestCase(2.5, true, "2.5")]
    [TestCase(1e20, false, "100000000000000000000")]
    [TestCase(-3.0, false, "-3")]
    [TestCase(double.PositiveInfinity, true, "inf")]
    public void FromNumber_Value_IsIntegerWhenIntegral(double number, bool isFloat, string repr)
    {
        var value = KeywordValue.FromNumber(number);

        Assert.That(value.IsFloat, Is.EqualTo(isFloat));
        Assert.That(value.ToPythonRepr(), Is.EqualTo(repr));
    }

    [TestCase(2.0, "2.0")]
    [TestCase(1e16, "1e+16")]
    [TestCase(1e15, "1000000000000000.0")]
    [TestCase(1e15 + 0.5, "1000000000000000.5")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(1.5e-7, "1.5e-07")]
    [TestCase(-2.5, "-2.5")]
    [TestCase(-0.0, "-0.0")]
    [TestCase(123456789012345678.0, "1.2345678901234568e+17")]
    [TestCase(1.0 / 3, "0.3333333333333333")]
    [TestCase(5e-324, "5e-324")]
    [TestCase(double.MaxValue, "1.7976931348623157e+308")]
    public void ToPythonRepr_Float_MatchesPythonRepr(double number, string expected)
    {
        Assert.That(KeywordValue.FromFloat(number).ToPythonRepr(), Is.EqualTo(expected));
    }

    [TestCase("wn1", "'wn1'")]
    [TestCase("it's", "\"it's\"")]
    [TestCase("a'b\"", "'a\\'b\"'")]
    [TestCase("a\nb\\c", "'a\\nb\\\\c'")]
    [TestCase("\u0001é\u200b", "'\\x01é\\u200b'")]
    public void ToPythonRepr_String_QuotesAndEscapesLikePython(string text, string expected)
    {
        Assert.That(KeywordValue.FromString(text).ToPythonRepr(), Is.EqualTo(expected));
    }

    [Test]
    public void ToString_EachType_RendersLikeNodeDescriptions()
    {
        Assert.Multiple(() =>
        {
            Assert.That(KeywordValue.FromString("wn1").ToString(), Is.EqualTo("\"wn1\""));
            Assert.That(KeywordValue.FromNumber(4).ToString(), Is.EqualTo("4"));
            Assert.That(KeywordValue.FromBoolean(true).ToString(), Is.EqualTo("True"));
            Assert.That(KeywordValue.Parse("[all.q,gpu]").ToString(), Is.EqualTo("['all.q', 'gpu']"));
            Assert.That(KeywordValue.Unknown.ToString(), Is.EqualTo("None"));
        });
    }

    private static IEnumerable<TestCaseData> EqualPairs()
    {
        yield return Pair(KeywordValue.FromNumber(2), KeywordValue.FromFloat(2.0), "an integer equals the same float");
        yield return Pair(KeywordValue.Parse("4"), KeywordValue.FromNumber(4), "parsed and built numbers are equal");
        yield return Pair(KeywordValue.Parse("[a,1]"), KeywordValue.FromList([KeywordValue.FromString("a"), KeywordValue.FromNumber(1)]), "lists are equal element by element");
        yield return Pair(KeywordValue.FromNumber(0.0), KeywordValue.FromNumber(-0.0), "zero equals minus zero");
        yield return Pair(KeywordValue.FromFloat(double.NaN), KeywordValue.FromFloat(double.NaN), "NaN equals NaN for the .NET equality contract");
        yield return Pair(KeywordValue.Unknown, KeywordValue.FromString(""), "unknown is not the empty string", expectEqual: false);
        yield return Pair(KeywordValue.Unknown, KeywordValue.Unknown, "unknown equals unknown");
        yield return Pair(KeywordValue.FromBoolean(true), KeywordValue.FromBoolean(true), "booleans are equal by value");
        yield return Pair(KeywordValue.FromString("4"), KeywordValue.FromNumber(4), "a string never equals a number", expectEqual: false);
        yield return Pair(KeywordValue.FromBoolean(true), KeywordValue.FromNumber(1), "a boolean never equals a number", expectEqual: false);
        yield return Pair(KeywordValue.Parse("[a,b]"), KeywordValue.Parse("[b,a]"), "list order matters", expectEqual: false);
        yield return Pair(KeywordValue.Parse("[a,b]"), KeywordValue.Parse("[a]"), "list length matters", expectEqual: false);
        yield return Pair(KeywordValue.FromString("a"), KeywordValue.FromString("A"), "strings compare ordinally", expectEqual: false);
    }

    [TestCaseSource(nameof(EqualPairs))]
    public void Equals_TwoValues_ComparesTypeThenValue(KeywordValue left, KeywordValue right, bool expectEqual)
    {
        Assert.That(left.Equals(right), Is.EqualTo(expectEqual));
        Assert.That(right == left, Is.EqualTo(expectEqual));
        if (expectEqual)
        {
            Assert.That(left.GetHashCode(), Is.EqualTo(right.GetHashCode()));
        }
    }

    [Test]
    public void Equals_KeywordDictionaries_DetectAChangedItemDeepInAList()
    {
        var before = new Dictionary<string, KeywordValue> { ["queues"] = KeywordValue.Parse("[all.q,gpu]") };
        var same = new Dictionary<string, KeywordValue> { ["queues"] = KeywordValue.Parse("[all.q,gpu]") };
        var changed = new Dictionary<string, KeywordValue> { ["queues"] = KeywordValue.Parse("[all.q,cpu]") };

        Assert.That(same, Is.EqualTo(before));
        Assert.That(changed, Is.Not.EqualTo(before));
    }

    private static TestCaseData Case(string text, KeywordType type, string rendered, string sentence) =>
        new TestCaseData(text, type, rendered).SetName($"{{m}}: {sentence}");

    private static TestCaseData Pair(KeywordValue left, KeywordValue right, string sentence, bool expectEqual = true) =>
        new TestCaseData(left, right, expectEqual).SetName($"{{m}}: {sentence}");
}
