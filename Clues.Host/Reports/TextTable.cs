namespace Clues.Host.Reports;

/// <summary>Rows of text in left-aligned columns as wide as their widest cell.</summary>
internal sealed class TextTable(params string[] header)
{
    private readonly List<string[]> _rows = [header];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(TextWriter output, string indent)
    {
        var widths = Enumerable.Range(0, header.Length).Select(c => _rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        foreach (var row in _rows)
        {
            output.WriteLine(indent + string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        }
    }
}
