using Clues.Core.Config.Ini;
using CsCheck;
using NUnit.Framework;

namespace Clues.Tests.Core.Config.Ini;

/// <summary>
/// Property tests of the INI reader: written sections and keys read back as written (the last of a repeated key
/// wins), and any text, random or a mutated valid file, gives values and errors that point at real lines of the
/// file, never an exception, never a hang.
/// </summary>
[TestFixture]
public sealed class IniParserFuzzTests
{
    private const string File = "fuzz.cfg";

    /// <summary>Far above any parse of these small inputs: only a hang can reach it.</summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(20);

    private static readonly Gen<string> Name = Gen.String[Gen.Char["ABCXYZ_019"], 1, 10];
    private static readonly Gen<string> Value = Gen.String[Gen.Char["abc019 _-./%#;:=[]\"'"], 0, 16].Select(v => v.Trim());

    private static readonly Gen<(string Section, (string Key, string Value)[] Entries)[]> Sections =
        Gen.Select(Name, Gen.Select(Name, Value).Array[0, 6]).Array[0, 5];

    private static IniParseResult Parse(string text)
    {
        var parse = Task.Run(() => IniParser.Parse(new StringReader(text), File));
        Assert.That(parse.Wait(HangBound), Is.True, "the INI reader did not finish: " + text);
        return parse.GetAwaiter().GetResult();
    }

    private static string Render((string Section, (string Key, string Value)[] Entries)[] sections) =>
        string.Concat(sections.Select(s => $"[{s.Section}]\n" + string.Concat(s.Entries.Select(e => $"{e.Key} = {e.Value}\n"))));

    private static void PointsAtRealLines(string text, IniParseResult result)
    {
        // Lines as TextReader.ReadLine counts them (\n, \r\n and a lone \r all end one).
        var lines = 0;
        using (var reader = new StringReader(text))
        {
            while (reader.ReadLine() is not null)
            {
                lines++;
            }
        }
        Assert.That(result.Values.Select(v => v.Line), Has.All.InRange(1, lines), text);
        Assert.That(result.Errors.Select(e => e.Line), Has.All.Not.Null.And.InRange(1, lines), text);
        Assert.That(result.Errors.Select(e => e.File), Has.All.EqualTo(File));
        Assert.That(result.Errors.Select(e => e.Expected), Has.All.Not.Empty);
    }

    [Test]
    public void WrittenSections_ReadBack_LastRepeatWins()
    {
        Sections.Sample(sections =>
        {
            var text = Render(sections);

            var result = Parse(text);

            Assert.That(result.Errors, Is.Empty, text);
            var expected = sections.SelectMany(s => s.Entries.Select(e => (s.Section, e.Key, e.Value))).ToList();
            Assert.That(result.Values.Select(v => (v.Section, v.Key, v.Value)), Is.EqualTo(expected), text);
            Assert.That(result.Headers.Select(h => h.Section), Is.EqualTo(sections.Select(s => s.Section)));
        }, iter: 2000);
    }

    [Test]
    public void MutatedFiles_ValuesAndErrorsPointAtRealLines()
    {
        var noise = Gen.OneOf("[", "]", "=", ":", "#", ";", "\n", "\n  ", "\t", " ", "[x", "]]", "\r\n", "\u0000", "key", "[DEFAULT]\n");
        var mutated = Gen.Select(Sections, Gen.Int[0, 1000], Gen.Int[0, 12], noise.Array[1, 5], Gen.Int[0, 2], (sections, at, length, inserts, kind) =>
        {
            var text = Render(sections);
            var start = at % (text.Length + 1);
            var cut = Math.Min(length, text.Length - start);
            return kind switch
            {
                0 => text.Remove(start, cut),
                1 => text.Insert(start, string.Concat(inserts)),
                _ => text.Remove(start, cut).Insert(start, string.Concat(inserts)),
            };
        });

        mutated.Sample(text => PointsAtRealLines(text, Parse(text)), iter: 3000);
    }

    [Test]
    public void RandomText_ValuesAndErrorsPointAtRealLines()
    {
        Gen.String[0, 300].Sample(text => PointsAtRealLines(text, Parse(text)), iter: 2000);
    }
}
