using Clues.Core.Config.Ini;
using NUnit.Framework;

namespace Clues.Tests.Core.Config.Ini;

[TestFixture]
public sealed class IniParserTests
{
    private static IniParseResult Parse(string text) => IniParser.Parse(new StringReader(text), "test.cfg");

    [Test]
    public void Parse_EqualsAndColonDelimiters_SplitAtFirstDelimiterAndTrimmed()
    {
        var result = Parse("[general]\nA = 1\nB: two\nURL=http://localhost:8000/RPC2\n");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Values.Select(v => (v.Key, v.Value)), Is.EqualTo(new[]
        {
            ("A", "1"), ("B", "two"), ("URL", "http://localhost:8000/RPC2"),
        }));
    }

    [Test]
    public void Parse_SectionNames_KeepTheirCaseAndInnerSpaces()
    {
        var result = Parse("[ONE VIRTUAL CLUSTER]\nX=1\n[General]\nY=2\n");

        Assert.That(result.Values.Select(v => v.Section), Is.EqualTo(new[] { "ONE VIRTUAL CLUSTER", "General" }));
    }

    [Test]
    public void Parse_FullLineComments_SkippedButHashInsideValueKeptRaw()
    {
        var result = Parse("# top\n[general]\n  ; indented comment\n#KEY=commented\nTOKEN=abc#def\n");

        Assert.That(result.Values.Select(v => (v.Key, v.Value)), Is.EqualTo(new[] { ("TOKEN", "abc#def") }));
    }

    [Test]
    public void Parse_PercentSigns_KeptWithoutInterpolation()
    {
        var result = Parse("[IPMI]\nON=ipmitool -H %%a power on %%h\nLOAD=50%\n");

        Assert.That(result.Values.Select(v => v.Value), Is.EqualTo(new[] { "ipmitool -H %%a power on %%h", "50%" }));
    }

    [Test]
    public void Parse_IndentedLines_ContinueTheValueAndTrailingBlankLinesAreDropped()
    {
        var result = Parse("[ONE VIRTUAL CLUSTER]\nTEMPLATE=\n    NAME=\"%%h\"\n\n    CPU=\"1\"\n\nNEXT=x\n");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Values[0].Value, Is.EqualTo("\nNAME=\"%%h\"\n\nCPU=\"1\""));
        Assert.That(result.Values[1], Is.EqualTo(new IniValue("ONE VIRTUAL CLUSTER", "NEXT", "x", 7)));
    }

    [Test]
    public void Parse_RepeatedKey_BothKeptInOrderSoTheLastWins()
    {
        var result = Parse("[ONE LRMS]\nONE_XMLRPC=http://a\nONE_XMLRPC=http://b\n");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Values.Select(v => v.Value), Is.EqualTo(new[] { "http://a", "http://b" }));
    }

    [Test]
    public void Parse_KeyBeforeAnySection_ErrorNamesFileLineAndKey()
    {
        var result = Parse("\nCLUES_PORT=8000\n");

        Assert.That(result.Errors, Has.Count.EqualTo(1));
        Assert.That(result.Errors[0].ToString(), Does.StartWith("test.cfg:2: CLUES_PORT: expected a [section] header"));
    }

    [Test]
    public void Parse_SeveralBadLines_EveryOneReportedWithItsLine()
    {
        var result = Parse("[general]\nthis is not a setting\nGOOD=1\n= no key\n[]\n");

        Assert.That(result.Errors.Select(e => e.Line), Is.EqualTo(new int?[] { 2, 4, 5 }));
        Assert.That(result.Errors[0].ToString(), Does.StartWith("test.cfg:2: [general] 'this is not a setting': expected a [section] header, a 'KEY = value'"));
        Assert.That(result.Values.Select(v => v.Key), Is.EqualTo(new[] { "GOOD" }));
    }

    [Test]
    public void Parse_EmptyValue_IsEmptyString()
    {
        var result = Parse("[general]\nDISABLED_HOSTS=\nCLUES_HOST =\n");

        Assert.That(result.Values.Select(v => v.Value), Is.EqualTo(new[] { "", "" }));
    }
}
