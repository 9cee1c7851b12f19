namespace Clues.Core.Api.XmlRpc;

/// <summary>
/// The exact texts CLUES' server answers with (spec §9), for the API layer and for <see cref="ICluesControl"/>
/// implementations that build <see cref="ControlResult.Message"/>.
/// </summary>
public static class CluesMessages
{
    /// <summary>The version string <c>version()</c> returns.</summary>
    public const string Version = "2.3.0";

    /// <summary>What every call but <c>login</c> answers to a wrong secret.</summary>
    public const string SecretRejected =
        "Error checking the secret key. Please check the configuration file and the CLUES_SECRET_TOKEN setting";

    /// <summary>What <c>login</c> answers to a wrong secret.</summary>
    public const string LoginRejected = "Could not authorize user";

    /// <summary><c>get_node_description</c> for an unknown node.</summary>
    public const string NodeNotManaged = "node is not managed by CLUES";

    /// <summary><c>poweron</c> succeeded (also when the node was already on).</summary>
    public static string PoweredOn(string node) => $"node {node} powered on";

    /// <summary><c>poweron</c> failed.</summary>
    public static string PowerOnFailed(string node) => $"could not power on the node {node}";

    /// <summary><c>poweroff</c> succeeded.</summary>
    public static string PoweredOff(string node) => $"node {node} powered off";

    /// <summary><c>poweroff</c> failed.</summary>
    public static string PowerOffFailed(string node) => $"could not power off the node {node}";

    /// <summary><c>enable_node</c> succeeded.</summary>
    public static string Enabled(string node, bool enable) => $"node {node} successfully {(enable ? "enabled" : "disabled")}";

    /// <summary><c>enable_node</c> failed; <paramref name="reason"/> is for example <c>Node wn1 does not exist</c>.</summary>
    public static string EnableFailed(string node, bool enable, string reason) =>
        $"could not {(enable ? "enable" : "disable")} node {node} ({reason})";

    /// <summary><c>enable_node</c>'s reason for an unknown node.</summary>
    public static string NodeDoesNotExist(string node) => $"Node {node} does not exist";

    /// <summary><c>reset_node_state</c> succeeded.</summary>
    public static string ResetToIdle(string node) => $"Node {node} reset to idle";

    /// <summary><c>reset_node_state</c> failed; <paramref name="reason"/> is for example <c>Node is not managed by CLUES</c>.</summary>
    public static string ResetFailed(string node, string reason) => $"could not reset the node {node} ({reason})";

    /// <summary><c>reset_node_state</c>'s reason for an unknown node.</summary>
    public const string ResetNotManaged = "Node is not managed by CLUES";
}
