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

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
