namespace Clues.Core.Config;

/// <summary>The bound options and every problem found in them.</summary>
/// <param name="Options">The options (invalid values replaced by their defaults).</param>
/// <param name="Errors">Every problem, type errors first, in section order.</param>
internal sealed record ConfigValidationResult(CluesOptions Options, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
