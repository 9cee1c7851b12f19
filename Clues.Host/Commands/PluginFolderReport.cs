using Clues.Core.Config;
using Clues.Core.Plugins;

namespace Clues.Host.Commands;

/// <summary>
/// The part of <c>clues-host check</c> that lists the third-party plugin assemblies found in PLUGIN_DIR and the
/// parts each provides, so an operator who dropped a dll there sees whether it was picked up.
/// </summary>
internal static class PluginFolderReport
{
    /// <summary>Writes the section for the configuration's PLUGIN_DIR.</summary>
    public static void Write(TextWriter stdout, CluesConfig config)
    {
        var folder = GeneralOptions.Bind(config).PluginDir;
        if (string.IsNullOrWhiteSpace(folder))
        {
            stdout.WriteLine("Plugin assemblies: none ([general] PLUGIN_DIR is empty).");
        }
        else if (!Directory.Exists(folder))
        {
            stdout.WriteLine($"Plugin assemblies: none ([general] PLUGIN_DIR {folder} does not exist).");
        }
        else
        {
            var registry = PluginRegistry.Create(folder);
            if (registry.PluginDirectoryAssemblies.Count == 0)
            {
                stdout.WriteLine($"Plugin assemblies: none in {folder} ([general] PLUGIN_DIR).");
            }
            else
            {
                stdout.WriteLine($"Plugin assemblies in {folder} ([general] PLUGIN_DIR):");
                foreach (var assembly in registry.PluginDirectoryAssemblies)
                {
                    var parts = registry.PartsOf(assembly).Select(p => $"{Describe(p.Kind)} {p.Name}").ToList();
                    stdout.WriteLine($"  {Path.GetFileName(assembly.Location)}: {(parts.Count == 0 ? "no plugin types" : string.Join(", ", parts))}");
                }
            }
        }
        stdout.WriteLine();
    }

    private static string Describe(PluginKind kind) => kind switch
    {
        PluginKind.Lrms => "LRMS plugin",
        PluginKind.PowerManager => "power manager",
        _ => "scheduler",
    };
}
