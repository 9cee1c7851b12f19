using System.Text.Json;
using Clues.Core.Config;
using Clues.Core.Lrms;
using Clues.Core.Model;

namespace Clues.Tests.FilePlugin;

/// <summary>
/// An LRMS read from a JSON file the test edits: <c>{"wn1": "off", "wn2": "idle"}</c> (states as CLUES displays
/// them). Each node has one slot and 1024 memory; a <c>used</c> node has none free. The file is <c>[FILE] NODES_FILE</c>.
/// </summary>
[Clues.Core.Plugins.CluesPlugin(PluginName)]
public sealed class FileLrms(CluesConfig config) : ILrmsPlugin
{
    /// <summary>The name to put in LRMS_CLASS.</summary>
    public const string PluginName = "tests.file";

    private readonly string _path = config.GetString("FILE", "NODES_FILE", "nodes.json");

    /// <inheritdoc />
    public string Id => PluginName;

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken)
    {
        var json = await File.ReadAllTextAsync(_path, cancellationToken).ConfigureAwait(false);
        var states = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        return states.Select(s =>
        {
            var state = s.Value switch
            {
                "idle" => NodeState.Idle,
                "used" => NodeState.Used,
                "off" => NodeState.Off,
                _ => NodeState.Unknown,
            };
            return new NodeInfo(s.Key, 1, state == NodeState.Used ? 0 : 1, 1024, 1024, state: state);
        }).ToList();
    }
}
