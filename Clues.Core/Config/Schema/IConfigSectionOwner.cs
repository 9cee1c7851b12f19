namespace Clues.Core.Config.Schema;

/// <summary>
/// A type that declares an INI section: usually a plugin's options class (for example <c>DockerLrmsOptions</c>),
/// named by the plugin with <see cref="ConfigSectionAttribute{TOwner}"/>.
/// </summary>
public interface IConfigSectionOwner
{
    /// <summary>The section's declared keys.</summary>
    static abstract ConfigSectionSchema ConfigSection { get; }
}

/// <summary>Names the INI sections a plugin reads; see <see cref="ConfigSectionAttribute{TOwner}"/>.</summary>
public abstract class ConfigSectionAttribute : Attribute
{
    /// <summary>The declared section.</summary>
    public abstract ConfigSectionSchema Schema { get; }

    /// <summary>The sections declared on <paramref name="pluginType"/> (and its base classes).</summary>
    public static IReadOnlyList<ConfigSectionSchema> Of(Type pluginType)
    {
        ArgumentNullException.ThrowIfNull(pluginType);
        return pluginType.GetCustomAttributes(typeof(ConfigSectionAttribute), inherit: true)
            .Cast<ConfigSectionAttribute>().Select(a => a.Schema).ToList();
    }
}

/// <summary>
/// Put on an LRMS plugin or power manager class: the section <typeparamref name="TOwner"/> declares is checked by
/// <c>clues-host check</c> (and at start-up) whenever the configuration selects this plugin.
/// </summary>
/// <typeparam name="TOwner">The type declaring the section, usually the plugin's options class.</typeparam>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class ConfigSectionAttribute<TOwner> : ConfigSectionAttribute
    where TOwner : IConfigSectionOwner
{
    /// <inheritdoc />
    public override ConfigSectionSchema Schema => TOwner.ConfigSection;
}
