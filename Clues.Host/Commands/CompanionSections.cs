using Clues.Core.Config.Schema;
using Clues.DockerWrapper.Configuration;

namespace Clues.Host.Commands;

/// <summary>
/// The sections of clues2.cfg read by the other programs of CLUES rather than by a plugin: <c>clues-host check</c>
/// checks them when present, and docs/plugin-keys.md lists them.
/// </summary>
internal static class CompanionSections
{
    /// <summary>The declared sections: the docker-wrapper's <c>[DOCKER_WRAPPER]</c>.</summary>
    public static IReadOnlyList<ConfigSectionSchema> All { get; } = [WrapperOptions.ConfigSection];
}
