using Clues.Core.Requirements;
using NUnit.Framework;

namespace Clues.Tests.Core.Requirements;

/// <summary>
/// Syntax checking and warnings of requirement expressions, as an API validates a submitted request
/// (<see cref="RequirementEvaluator.TryParse"/>, <see cref="RequirementEvaluator.GetWarnings"/>).
/// </summary>
[TestFixture]
public sealed class RequirementParserTests
{
    [TestCase("\"gpu\" in queues")]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("cpus >= 2 && mem > 1kb")]
    [TestCase("hostname == wn1")]
    [TestCase("cpus > 2 and mem > 1")]
    [TestCase("x = 2; x == 2;")]
    [TestCase("==")]
    [TestCase("[1,,2,] subset [,]")]
    public void TryParse_ValidSyntax_ReturnsTrueWithoutError(string expression)
    {
        var ok = RequirementEvaluator.TryParse(expression, out var error);

        Assert.That(ok, Is.True);
        Assert.That(error, Is.Null);
    }

    [TestCase("1KB", "position 2: unexpected 'KB'", "size suffixes are written kb")]
    [TestCase("   1KB", "position 5: unexpected 'KB'", "size suffixes")]
    [TestCase("[1 2]", "position 4: unexpected '2', expected ',' or ']'", null)]
    [TestCase("(cpus > 1", "unexpected end of the requirement, expected ')'", null)]
    [TestCase("x in (queues)", "position 6: unexpected '(', expected a list literal '[...]' or a variable name after 'in'", null)]
    [TestCase("a subset 3", "after 'subset'", null)]
    [TestCase("1e400 > 1", "position 1: the number '1e400' is too large", null)]
    [TestCase("x = y = 1", "position 7: unexpected '='", null)]
    [TestCase("\"a\" \"b\"", "position 5: unexpected '\"b\"'", null)]
    [TestCase("cpus > 1 )", "position 10: unexpected ')', expected an operator, ';' or the end of the requirement", null)]
    public void TryParse_InvalidSyntax_ReportsThePosition(string expression, string expected, string? hint)
    {
        var ok = RequirementEvaluator.TryParse(expression, out var error);

        Assert.That(ok, Is.False);
        Assert.That(error, Does.StartWith("syntax error at ").And.Contain(expected));
        if (hint is not null)
        {
            Assert.That(error, Does.Contain(hint));
        }
    }

    [Test]
    public void TryParse_NestingBeyondLimit_IsRejectedInsteadOfOverflowingTheStack()
    {
        var deep = new string('(', 100_000) + "true" + new string(')', 100_000);

        Assert.That(RequirementEvaluator.TryParse(deep, out var error), Is.False);
        Assert.That(error, Does.Contain("nested more than"));
        Assert.That(new RequirementEvaluator().Matches([deep], new Dictionary<string, Clues.Core.Model.KeywordValue>()), Is.False);
    }

    [Test]
    public void TryParse_LongFlatChainBeyondLimit_IsRejected()
    {
        var chain = string.Join(" + ", Enumerable.Repeat("1", 1_000)) + " == 1000";

        Assert.That(RequirementEvaluator.TryParse(chain, out var error), Is.False);
        Assert.That(error, Does.Contain("nested more than"));
    }

    [Test]
    public void TryParse_ChainWithinLimit_Evaluates()
    {
        var chain = string.Join(" + ", Enumerable.Repeat("1", 200)) + " == 200";

        Assert.That(RequirementEvaluator.TryParse(chain, out _), Is.True);
        Assert.That(new RequirementEvaluator().Matches([chain], new Dictionary<string, Clues.Core.Model.KeywordValue>()), Is.True);
    }

    [TestCase("cpus > 2 and mem > 1", "position 10: 'and' produces no value", TestName = "{m}: the word and")]
    [TestCase("cpus > 2 OR mem > 1", "position 10: 'OR' produces no value, so the requirement never holds; use '||'", TestName = "{m}: the word or")]
    [TestCase("cpus >= 2 && \"b\" in queues", "position 18: 'in' applies to the whole expression on its left", TestName = "{m}: in after a conjunction")]
    [TestCase("not \"z\" in queues", "'in' applies to the whole expression", TestName = "{m}: in after not")]
    [TestCase("cpus > 2;", "ends with ';'", TestName = "{m}: trailing semicolon")]
    [TestCase("x = 2", "only an assignment", TestName = "{m}: lone assignment")]
    [TestCase("a == 1; x = 2; y = 3", "ends with two assignments", TestName = "{m}: two final assignments")]
    [TestCase("hostname == 'wn1'", "position 13: character ''' is not part of the language and is ignored (strings take double quotes only)", TestName = "{m}: single quotes")]
    public void GetWarnings_SurprisingConstruct_IsReported(string expression, string expected)
    {
        Assert.That(RequirementEvaluator.GetWarnings(expression), Has.Some.Contains(expected));
    }

    [TestCase("\"gpu\" in queues && cpus >= 2")]
    [TestCase("not (\"z\" in queues)")]
    [TestCase("x = 2; x == 2")]
    [TestCase("x == 2; y = 3")]
    [TestCase("")]
    public void GetWarnings_PlainRequirement_IsEmpty(string expression)
    {
        Assert.That(RequirementEvaluator.GetWarnings(expression), Is.Empty);
    }
}
