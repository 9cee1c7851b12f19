namespace Clues.Core.Model;

/// <summary>The type of a node keyword or of a value of the requirements language.</summary>
public enum KeywordType
{
    /// <summary>No value (an empty term, or a failed evaluation).</summary>
    Unknown,
    /// <summary>A string.</summary>
    String,
    /// <summary>A number (integral or not).</summary>
    Number,
    /// <summary>A boolean.</summary>
    Boolean,
    /// <summary>A list of typed values.</summary>
    List,
}
