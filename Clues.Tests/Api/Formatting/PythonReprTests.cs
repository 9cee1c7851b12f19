using Clues.Core.Api.Formatting;
using NUnit.Framework;

namespace Clues.Tests.Api.Formatting;

[TestFixture]
public sealed class PythonReprTests
{
    // Expected values are what CPython 3.11 prints for repr(float).
    [TestCase(2.0, "2.0")]
    [TestCase(-1.0, "-1.0")]
    [TestCase(0.1, "0.1")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(0.00001, "1e-05")]
    [TestCase(1e15, "1000000000000000.0")]
    [TestCase(1e16, "1e+16")]
    [TestCase(1.5e16, "1.5e+16")]
    [TestCase(8589934592.0, "8589934592.0")]
    [TestCase(1234.5678, "1234.5678")]
    [TestCase(-0.0, "-0.0")]
    [TestCase(1e-300, "1e-300")]
    [TestCase(double.PositiveInfinity, "inf")]
    [TestCase(double.NaN, "nan")]
    public void Float_Value_MatchesPythonRepr(double value, string expected) =>
        Assert.That(PythonRepr.Float(value), Is.EqualTo(expected));

    // Expected values are what CPython prints for '%.Nf' % x (exact value, ties to even).
    [TestCase(2.5, 0, "2")]
    [TestCase(3.5, 0, "4")]
    [TestCase(0.125, 2, "0.12")]
    [TestCase(0.135, 2, "0.14")]
    [TestCase(1024.0, 0, "1024")]
    [TestCase(12.0, 2, "12.00")]
    [TestCase(1.05, 1, "1.1")]
    [TestCase(-0.001, 2, "-0.00")]
    [TestCase(1e20, 1, "100000000000000000000.0")]
    public void Fixed_Value_MatchesPythonPercentF(double value, int decimals, string expected) =>
        Assert.That(PythonRepr.Fixed(value, decimals), Is.EqualTo(expected));

    [TestCase("", "''")]
    [TestCase("abc", "'abc'")]
    [TestCase("it's", "\"it's\"")]
    [TestCase("a'b\"c", "'a\\'b\"c'")]
    [TestCase("tab\tnl\n\\", "'tab\\tnl\\n\\\\'")]
    [TestCase("\u0001", "'\\x01'")]
    public void Str_Text_MatchesPythonRepr(string value, string expected) =>
        Assert.That(PythonRepr.Str(value), Is.EqualTo(expected));

    [Test]
    public void StrList_EmptyExpression_IsPythonListOfEmptyString() =>
        Assert.That(PythonRepr.StrList([""]), Is.EqualTo("['']"));

    [TestCase(2.0, false, "2")]
    [TestCase(2.0, true, "2.0")]
    [TestCase(0.5, false, "0.5")]
    [TestCase(8589934592.0, false, "8589934592")]
    public void PythonNumber_ToString_DistinguishesIntAndFloat(double value, bool isFloat, string expected) =>
        Assert.That(new PythonNumber(value, isFloat).ToString(), Is.EqualTo(expected));

    [Test]
    public void PythonNumber_Subtraction_IsFloatWhenEitherSideIs() =>
        Assert.That((PythonNumber.Float(2) - PythonNumber.Int(2)).ToString(), Is.EqualTo("0.0"));
}
