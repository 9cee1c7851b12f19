namespace Clues.Core.Config.Validators;

/// <summary>Checks <c>[hooks]</c>: the hook timeout.</summary>
internal sealed class HooksValidator : ISectionValidator
{
    public string Section => HooksOptions.Section;

    public void Validate(CluesOptions options, CluesConfig config) =>
        new SectionChecks(config, Section).NonNegative("TIMEOUT_COMMAND", options.Hooks.TimeoutCommand,
            "a timeout in seconds ≥ 0 (0 = no timeout)");
}
