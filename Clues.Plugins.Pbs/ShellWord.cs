namespace Clues.Plugins.Pbs;

/// <summary>Quotes a word (a server or node name) for the POSIX shell the commands run in.</summary>
internal static class ShellWord
{
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' or ':' or '/')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
