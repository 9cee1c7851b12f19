using Clues.Tests.Common;

namespace Clues.Tests.Core.Config;

/// <summary>A throw-away directory tree for configuration files, deleted on dispose.</summary>
internal sealed class TempConfigTree : IDisposable
{
    public TempConfigTree() => Root = Directory.CreateTempSubdirectory("clues-config-").FullName;

    public string Root { get; }

    /// <summary>The absolute path of <paramref name="relativePath"/> under the root.</summary>
    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>Writes a file (creating its directories) and returns its path.</summary>
    public string Write(string relativePath, string text)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Copies a file unchanged to <paramref name="relativePath"/> and returns the new path.</summary>
    public string Copy(string source, string relativePath) => Write(relativePath, File.ReadAllText(source));

    /// <summary>
    /// Installs CLUES' shipped examples under <paramref name="etc"/> as an administrator would: clues2.cfg-example
    /// as clues2.cfg and every conf.d file with its -example suffix dropped. Returns the etc directory.
    /// </summary>
    public string InstallCluesExamples(string etc)
    {
        Copy(TestEnvironment.Fixture("clues-etc", "clues2.cfg-example"), Path.Combine(etc, "clues2.cfg"));
        foreach (var file in Directory.GetFiles(TestEnvironment.Fixture("clues-etc", "conf.d")))
        {
            Copy(file, Path.Combine(etc, "conf.d", Path.GetFileName(file).Replace(".cfg-example", ".cfg", StringComparison.Ordinal)));
        }
        return PathOf(etc);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
