using System.Text;
using System.Text.RegularExpressions;

namespace Clues.Tests.Docs;

/// <summary>One fenced <c>sh</c> block of a guide: its marker (the words after <c>sh</c>), first line and text.</summary>
/// <param name="Marker">Empty for the commands the reader types in the main terminal, in order; <c>setup</c> or
/// <c>second-terminal</c> for the blocks a run of the guide leaves to the reader.</param>
/// <param name="Line">The 1-based line of the block's first command.</param>
/// <param name="Text">The commands, as typed.</param>
internal sealed record GuideBlock(string Marker, int Line, string Text)
{
    /// <summary>Whether a run of the guide types this block (in the main terminal).</summary>
    public bool IsRun => Marker.Length == 0;
}

/// <summary>One simple command of a block, split into words as the shell would, with what ends it.</summary>
/// <param name="Line">The 1-based line in the document.</param>
/// <param name="Words">The words (quotes removed, variables not expanded).</param>
/// <param name="Background">Whether it ends with <c>&amp;</c>.</param>
/// <param name="Block">The block it belongs to.</param>
/// <param name="InSubshell">Whether it runs in a <c>( … )</c> subshell (its background jobs are not the terminal's).</param>
internal sealed record GuideCommand(int Line, IReadOnlyList<string> Words, bool Background, GuideBlock Block, bool InSubshell)
{
    public string Program => Words.Count > 0 ? Words[0] : "";

    public override string ToString() => $"line {Line}: {string.Join(' ', Words)}";
}

/// <summary>
/// The command blocks of a Markdown guide (fenced with <c>```sh</c>), as a run of the guide types them and as the
/// checks of the guide read them: simple commands split into words, with the shell's quoting, comments,
/// <c>;</c>/<c>&amp;&amp;</c>/<c>|</c>/<c>&amp;</c> separators and the keywords of a <c>for</c> loop.
/// </summary>
internal sealed partial class GuideDocument
{
    private GuideDocument(string text, IReadOnlyList<GuideBlock> blocks)
    {
        Text = text;
        Blocks = blocks;
    }

    /// <summary>The whole document.</summary>
    public string Text { get; }

    /// <summary>The <c>sh</c> blocks in document order.</summary>
    public IReadOnlyList<GuideBlock> Blocks { get; }

    /// <summary>Every simple command of every block, in document order.</summary>
    public IEnumerable<GuideCommand> Commands => Blocks.SelectMany(b => Split(b.Text, b.Line, b));

    public static GuideDocument Load(string path)
    {
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var lines = text.Split('\n');
        var blocks = new List<GuideBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                continue;
            }
            var end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
            if (end < 0)
            {
                throw new FormatException($"{path}:{i + 1}: the block is not closed");
            }
            if (fence.Groups["lang"].Value == "sh")
            {
                blocks.Add(new GuideBlock(fence.Groups["marker"].Value.Trim(), i + 2, string.Join('\n', lines[(i + 1)..end])));
            }
            i = end;
        }
        return new GuideDocument(text, blocks);
    }

    /// <summary>The simple commands of <paramref name="script"/> (a block, or a command string given to <c>watch</c> or <c>alias</c>).</summary>
    public static IReadOnlyList<GuideCommand> Split(string script, int firstLine, GuideBlock block)
    {
        var commands = new List<GuideCommand>();
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var line = firstLine;
        var commandLine = firstLine;
        var depth = 0;
        void EndWord()
        {
            if (inWord)
            {
                words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
        }
        void EndCommand(bool background)
        {
            EndWord();
            // The keywords of a loop are not commands: "for i in 1 2 3; do CMD; done" yields CMD.
            while (words.Count > 0 && words[0] is "do" or "then" or "else")
            {
                words.RemoveAt(0);
            }
            if (words.Count > 0 && words[0] is not ("for" or "done" or "fi" or "if"))
            {
                commands.Add(new GuideCommand(commandLine, [.. words], background, block, depth > 0));
            }
            words.Clear();
        }
        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            if (words.Count == 0 && !inWord && c is not (' ' or '\t' or '\n'))
            {
                commandLine = line;
            }
            switch (c)
            {
                case '\\' when i + 1 < script.Length && script[i + 1] == '\n':
                    i++;
                    line++;
                    break;
                case '\'':
                    var close = script.IndexOf('\'', i + 1);
                    word.Append(script, i + 1, close - i - 1);
                    inWord = true;
                    i = close;
                    break;
                case '"':
                    var j = i + 1;
                    for (; script[j] != '"'; j++)
                    {
                        word.Append(script[j] == '\\' && script[j + 1] is '"' or '$' or '\\' ? script[++j] : script[j]);
                    }
                    inWord = true;
                    i = j;
                    break;
                case '#' when !inWord:
                    while (i + 1 < script.Length && script[i + 1] != '\n')
                    {
                        i++;
                    }
                    break;
                case '\n':
                    EndCommand(false);
                    line++;
                    break;
                case ';':
                    EndCommand(false);
                    break;
                case '&' when i + 1 < script.Length && script[i + 1] == '&':
                case '|' when i + 1 < script.Length && script[i + 1] == '|':
                    EndCommand(false);
                    i++;
                    break;
                case '|':
                    EndCommand(false);
                    break;
                case '&':
                    EndCommand(true);
                    break;
                case '>' or '<':
                    // A redirection: "2> FILE" and "> FILE" name no argument of the command.
                    if (inWord && word.ToString() is "1" or "2")
                    {
                        word.Clear();
                        inWord = false;
                    }
                    EndWord();
                    while (i + 1 < script.Length && script[i + 1] is ' ' or '>' or '&')
                    {
                        i++;
                    }
                    while (i + 1 < script.Length && script[i + 1] is not (' ' or '\n' or ';' or '&' or '|'))
                    {
                        i++;
                    }
                    break;
                case '(' when !inWord:
                    EndCommand(false);
                    depth++;
                    break;
                case ')':
                    EndCommand(false);
                    depth--;
                    break;
                case ' ' or '\t':
                    EndWord();
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }
        EndCommand(false);
        return commands;
    }

    [GeneratedRegex(@"^```(?<lang>\w+)(?<marker>[ \w-]*)$")]
    private static partial Regex Fence();
}
