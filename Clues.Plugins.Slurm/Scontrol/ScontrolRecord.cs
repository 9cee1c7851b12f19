using System.Globalization;

namespace Clues.Plugins.Slurm.Scontrol;

/// <summary>One record of <c>scontrol -o show ...</c> (one line of <c>Key=Value</c> fields) with typed accessors
/// whose errors name the command, the line and the field.</summary>
internal sealed class ScontrolRecord(string commandLine, int lineNumber, ReadOnlyMemory<char> line, Dictionary<string, string> fields)
{
    /// <summary>The 1-based line of the output this record came from.</summary>
    public int LineNumber { get; } = lineNumber;

    /// <summary>The fields, first occurrence of a key kept (as CLUES' parser does).</summary>
    public IReadOnlyDictionary<string, string> Fields => fields;

    /// <summary>The value of <paramref name="key"/>, or null when the record has no such field.</summary>
    public string? Get(string key) => fields.GetValueOrDefault(key);

    /// <summary>The value of <paramref name="key"/>, or null when it is absent or says "none" (empty, (null), N/A).</summary>
    public string? GetOptional(string key) =>
        fields.TryGetValue(key, out var value) && value.Length > 0 && value is not ("(null)" or "N/A") ? value : null;

    /// <summary>The non-empty value of <paramref name="key"/>.</summary>
    /// <exception cref="ScontrolFormatException">The field is absent or empty.</exception>
    public string Require(string key) =>
        GetOptional(key) ?? throw Error($"the field {key}= is missing or empty");

    /// <summary>The integer value of <paramref name="key"/>.</summary>
    public long RequireInteger(string key) => ParseInteger(key, Require(key));

    /// <summary>The integer value of <paramref name="key"/>, or null when absent.</summary>
    public long? GetInteger(string key) => GetOptional(key) is { } text ? ParseInteger(key, text) : null;

    /// <summary>An error about this record.</summary>
    public ScontrolFormatException Error(string problem, Exception? innerException = null) =>
        new(commandLine, LineNumber, problem, line.ToString(), innerException);

    private long ParseInteger(string key, string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"{key}={text} is not an integer");
}
