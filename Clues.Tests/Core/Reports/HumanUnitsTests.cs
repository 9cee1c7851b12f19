using Clues.Core.Reports;
using NUnit.Framework;

namespace Clues.Tests.Core.Reports;

[TestFixture]
public sealed class HumanUnitsTests
{
    [TestCase(0, "0 B")]
    [TestCase(1023, "1023 B")]
    [TestCase(1536, "1.5 KiB")]
    [TestCase(512d * 1024 * 1024, "512 MiB")]
    [TestCase(1.5 * 1024 * 1024 * 1024, "1.5 GiB")]
    [TestCase(12.25 * 1024 * 1024 * 1024, "12.3 GiB")]
    [TestCase(3d * 1024 * 1024 * 1024 * 1024, "3 TiB")]
    public void Bytes_PicksTheUnit(double bytes, string text) => Assert.That(HumanUnits.Bytes(bytes), Is.EqualTo(text));

    [TestCase(0, "0 s")]
    [TestCase(12.4, "12 s")]
    [TestCase(60, "0:01")]
    [TestCase(3599, "1:00")]
    [TestCase(99_600, "27:40")]
    [TestCase(315_537_897_599, "87649416:00")]
    [TestCase(double.NaN, "-")]
    public void Duration_IsHoursAndMinutes(double seconds, string text) => Assert.That(HumanUnits.Duration(seconds), Is.EqualTo(text));

    [TestCase(0.4286, "42.9 %")]
    [TestCase(1, "100.0 %")]
    public void Percent_HasOneDecimal(double fraction, string text) => Assert.That(HumanUnits.Percent(fraction), Is.EqualTo(text));

    [TestCase(1.5, "1.5")]
    [TestCase(2, "2")]
    public void Slots_KeepFractions(double slots, string text) => Assert.That(HumanUnits.Slots(slots), Is.EqualTo(text));
}
