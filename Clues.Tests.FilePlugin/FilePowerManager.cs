using System.Globalization;
using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Power;

namespace Clues.Tests.FilePlugin;

/// <summary>
/// A power manager that appends <c>on|off NODE UNIXTIME</c> to <c>[FILE] POWER_LOG</c> and succeeds; it changes
/// nothing else, so the test decides through the LRMS file when a node "comes up".
/// </summary>
[Clues.Core.Plugins.CluesPlugin(PluginName)]
public sealed class FilePowerManager(CluesConfig config, TimeProvider time) : IPowerManager
{
    /// <summary>The name to put in POWERMANAGER_CLASS.</summary>
    public const string PluginName = "tests.filepower";

    private readonly string _path = config.GetString("FILE", "POWER_LOG", "power.log");

    /// <inheritdoc />
    public Task<PowerResult> PowerOnAsync(string node, CancellationToken cancellationToken) => RecordAsync("on", node, cancellationToken);

    /// <inheritdoc />
    public Task<PowerResult> PowerOffAsync(string node, CancellationToken cancellationToken) => RecordAsync("off", node, cancellationToken);

    private async Task<PowerResult> RecordAsync(string action, string node, CancellationToken cancellationToken)
    {
        var seconds = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;
        await File.AppendAllTextAsync(_path, string.Create(CultureInfo.InvariantCulture, $"{action} {node} {seconds:0.000}\n"), cancellationToken).ConfigureAwait(false);
        return PowerResult.Ok(node);
    }
}
