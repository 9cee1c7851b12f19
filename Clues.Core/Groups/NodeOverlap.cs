namespace Clues.Core.Groups;

/// <summary>A name two node selectors both select (<see cref="NodeSelector.FindOverlap"/>), and the patterns that match it.</summary>
/// <param name="Name">The name (for two patterns, a shortest name both match).</param>
/// <param name="Pattern">The pattern of the first selector that matches it, or null when it names it.</param>
/// <param name="OtherPattern">The pattern of the other selector that matches it, or null when it names it.</param>
public sealed record NodeOverlap(string Name, string? Pattern, string? OtherPattern)
{
    /// <summary>What a configuration error says, the other selector being the <c>NODES</c> of <paramref name="otherSection"/>.</summary>
    public string Describe(string otherSection) => (Pattern, OtherPattern) switch
    {
        (null, null) => $"{Name} is also in [{otherSection}]",
        ({ } ours, null) => $"{Name} matches {ours} and is in [{otherSection}]",
        (null, { } theirs) => $"{Name} is also in [{otherSection}] (it matches {theirs} there)",
        ({ } ours, { } theirs) => $"{ours} and {theirs} of [{otherSection}] can match the same node (for example {Name})",
    };
}
