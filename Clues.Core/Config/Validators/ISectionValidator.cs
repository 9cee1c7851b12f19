namespace Clues.Core.Config.Validators;

/// <summary>
/// Checks the bound values of one section beyond their type (ranges, allowed words, formats). Type errors are
/// already recorded by the options' <c>Bind</c>; a validator adds its problems to the configuration's errors
/// and never stops at the first.
/// </summary>
internal interface ISectionValidator
{
    /// <summary>The section checked.</summary>
    string Section { get; }

    /// <summary>Records every problem of the section in <paramref name="config"/>.</summary>
    void Validate(CluesOptions options, CluesConfig config);
}
