using Clues.Core.Reports;
using NUnit.Framework;

namespace Clues.Tests.Core.Reports;

/// <summary>The <c>--from</c>/<c>--to</c> values of <c>cluesreports</c>, and the ones added for people.</summary>
[TestFixture]
public sealed class ReportPeriodTests
{
    private static readonly (double, double) Extent = (1000, 5000);
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddSeconds(9000);

    [TestCase(null, null, 1000, 5000, TestName = "no values: the whole database")]
    [TestCase(null, "0", 1000, 5000, TestName = "to 0 is the last instant, as in cluesreports")]
    [TestCase("-600", null, 4400, 5000, TestName = "a negative from is before the end")]
    [TestCase(null, "-1000", 1000, 4000, TestName = "a negative to is before the last instant")]
    [TestCase("-1h", "-10m", 800, 4400, TestName = "offsets take s, m, h, d")]
    [TestCase("2000", "3000.5", 2000, 3000.5, TestName = "Unix seconds")]
    [TestCase("1970-01-01T00:20:00Z", "now", 1200, 9000, TestName = "ISO dates and now")]
    [TestCase("1970-01-01 00:20", null, 1200, 5000, TestName = "a date without a zone is UTC")]
    public void Resolve_Values_GivePeriod(string? from, string? to, double start, double end)
    {
        Assert.That(ReportPeriod.Resolve(from, to, Extent, Now), Is.EqualTo(new ReportPeriod(start, end)));
    }

    [TestCase("yesterday", null, "--from 'yesterday' is not a time")]
    [TestCase(null, "-", "--to '-' is not a time")]
    [TestCase(null, "NaN", "--to 'NaN' is not a time")]
    [TestCase("-1x", null, "--from '-1x' is not a time")]
    [TestCase("-99999999999999999999d", null, "--from lies outside the years 1 to 9999")]
    [TestCase(null, "1e308", "--to lies outside the years 1 to 9999")]
    [TestCase("4000", "3000", "the period is empty: --from 1970-01-01 01:06:40Z is after --to 1970-01-01 00:50:00Z")]
    public void Resolve_BadValues_AreErrorsNamingThem(string? from, string? to, string message)
    {
        var error = Assert.Throws<ReportException>(() => ReportPeriod.Resolve(from, to, Extent, Now));
        Assert.That(error!.Message, Does.StartWith(message));
    }
}
