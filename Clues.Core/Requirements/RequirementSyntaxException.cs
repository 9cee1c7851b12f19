namespace Clues.Core.Requirements;

/// <summary>A requirement that does not parse; caught by the parser and turned into an error message.</summary>
internal sealed class RequirementSyntaxException : Exception
{
    public RequirementSyntaxException(int offset, string detail)
        : base($"syntax error at position {offset + 1}: {detail}")
    {
        Offset = offset;
    }

    /// <summary>0-based offset of the offending character in the requirement.</summary>
    public int Offset { get; }
}
