using System.Text.Json.Nodes;

namespace Clues.DockerWrapper.Dispatch;

/// <summary>
/// One Swarm placement constraint (<c>node.role==worker</c>, <c>node.labels.gpu!=true</c>): sent with every job's
/// service, and checked by the wrapper itself when it decides whether a node has room for the queue head.
/// </summary>
/// <remarks>
/// The attributes are Swarm's: <c>node.id</c>, <c>node.hostname</c>, <c>node.role</c>, <c>node.platform.os</c>,
/// <c>node.platform.arch</c>, <c>node.labels.NAME</c> and <c>engine.labels.NAME</c>. Values compare as Swarm
/// compares them: exactly, except the role and platform, which ignore case.
/// </remarks>
internal sealed record PlacementConstraint(string Attribute, bool Equal, string Value)
{
    /// <summary>The text Swarm receives, for example <c>node.role==worker</c>.</summary>
    public override string ToString() => Attribute + (Equal ? "==" : "!=") + Value;

    /// <summary>Parses <c>ATTRIBUTE==VALUE</c> or <c>ATTRIBUTE!=VALUE</c>; null when <paramref name="text"/> is not one.</summary>
    public static PlacementConstraint? TryParse(string text)
    {
        var equal = text.IndexOf("==", StringComparison.Ordinal);
        var notEqual = text.IndexOf("!=", StringComparison.Ordinal);
        var at = equal >= 0 && (notEqual < 0 || equal < notEqual) ? equal : notEqual;
        if (at <= 0)
        {
            return null;
        }
        var attribute = text[..at].Trim();
        var value = text[(at + 2)..].Trim();
        var known = attribute is "node.id" or "node.hostname" or "node.role" or "node.platform.os" or "node.platform.arch"
            || (attribute.StartsWith("node.labels.", StringComparison.Ordinal) && attribute.Length > "node.labels.".Length)
            || (attribute.StartsWith("engine.labels.", StringComparison.Ordinal) && attribute.Length > "engine.labels.".Length);
        return known && value.Length > 0 ? new PlacementConstraint(attribute, at == equal, value) : null;
    }

    /// <summary>Whether a Swarm node (an element of <c>GET /nodes</c>) satisfies the constraint.</summary>
    public bool Matches(JsonObject node)
    {
        var (actual, ignoreCase) = Attribute switch
        {
            "node.id" => (Text(node["ID"]), false),
            "node.hostname" => (Text(node["Description"]?["Hostname"]), false),
            "node.role" => (Text(node["Spec"]?["Role"]), true),
            "node.platform.os" => (Text(node["Description"]?["Platform"]?["OS"]), true),
            "node.platform.arch" => (Text(node["Description"]?["Platform"]?["Architecture"]), true),
            _ when Attribute.StartsWith("node.labels.", StringComparison.Ordinal) =>
                (Text(node["Spec"]?["Labels"]?[Attribute["node.labels.".Length..]]), false),
            _ => (Text(node["Description"]?["Engine"]?["Labels"]?[Attribute["engine.labels.".Length..]]), false),
        };
        var same = actual is not null
            && string.Equals(actual, Value, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        return same == Equal;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
