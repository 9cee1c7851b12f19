using System.Globalization;
using System.Text;

namespace Clues.Tests.E2E;

/// <summary>The last conf.d file of an E2E run: its values over the example files, with the test's own on top.</summary>
internal static class E2EConfig
{
    /// <summary>A test's settings, <c>section → key → value</c>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Settings(params (string Section, string Key, string Value)[] values) =>
        values.GroupBy(v => v.Section).ToDictionary(
            g => g.Key, g => (IReadOnlyDictionary<string, string>)g.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Writes <paramref name="values"/> with <paramref name="settings"/> over them to <paramref name="path"/>.</summary>
    public static void Write(string path, Dictionary<string, Dictionary<string, string>> values,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> settings)
    {
        foreach (var (section, keys) in settings)
        {
            if (!values.TryGetValue(section, out var existing))
            {
                values[section] = existing = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            foreach (var (key, value) in keys)
            {
                existing[key] = value;
            }
        }
        var text = new StringBuilder("# This E2E run's values, over the example files.\n");
        foreach (var (section, keys) in values)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[{section}]\n");
            foreach (var (key, value) in keys)
            {
                text.Append(CultureInfo.InvariantCulture, $"{key}={value}\n");
            }
        }
        File.WriteAllText(path, text.ToString());
    }
}
