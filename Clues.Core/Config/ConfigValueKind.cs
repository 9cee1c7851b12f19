namespace Clues.Core.Config;

/// <summary>How a key's value is parsed; CLUES picks it from the type of the key's default (spec §13.1).</summary>
public enum ConfigValueKind
{
    /// <summary>A string: cut at the first <c>#</c> and trimmed.</summary>
    String,
    /// <summary>An integer; <c>60.0</c> is rejected.</summary>
    Int,
    /// <summary>A floating-point number.</summary>
    Double,
    /// <summary>A boolean: 1/yes/true/on or 0/no/false/off.</summary>
    Bool,
}
