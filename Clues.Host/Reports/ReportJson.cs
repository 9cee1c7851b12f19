using System.Text.Json;
using Clues.Core.Reports;

namespace Clues.Host.Reports;

/// <summary>
/// A <see cref="ClusterReport"/> as JSON, the same for <c>clues-host report --format json</c> and the status page's
/// <c>/reports/summary.json</c>: camelCase, times in Unix seconds, durations in seconds, states by their CLUES codes
/// with their display names beside them.
/// </summary>
internal static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static string Serialize(ClusterReport report) => JsonSerializer.Serialize(report, Options);
}
