namespace Clues.Core.Plugins;

/// <summary>
/// Gives a plugin or scheduler type an extra name by which configuration can select it, such as the original
/// CLUES module name <c>cluesplugins.slurm</c>. A type may carry several.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CluesPluginAttribute(string name) : Attribute
{
    /// <summary>The name, matched case-insensitively.</summary>
    public string Name { get; } = name;
}
