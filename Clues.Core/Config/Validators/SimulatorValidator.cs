namespace Clues.Core.Config.Validators;

/// <summary>Checks <c>[simulator]</c>: delays, their order, the failure probability and the queue policy.</summary>
internal sealed class SimulatorValidator : ISectionValidator
{
    public string Section => SimulatorOptions.Section;

    public void Validate(CluesOptions options, CluesConfig config)
    {
        var o = options.Simulator;
        var check = new SectionChecks(config, Section);
        const string seconds = "a number of seconds ≥ 0";
        check.NonNegative("POWERON_DELAY_MIN", o.PowerOnDelayMin, seconds);
        check.NonNegative("POWEROFF_DELAY_MIN", o.PowerOffDelayMin, seconds);
        check.InRange("POWERON_DELAY_MAX", o.PowerOnDelayMax, Math.Max(0, o.PowerOnDelayMin), double.MaxValue,
            $"a number of seconds ≥ POWERON_DELAY_MIN ({CluesConfig.Format(o.PowerOnDelayMin)})");
        check.InRange("POWEROFF_DELAY_MAX", o.PowerOffDelayMax, Math.Max(0, o.PowerOffDelayMin), double.MaxValue,
            $"a number of seconds ≥ POWEROFF_DELAY_MIN ({CluesConfig.Format(o.PowerOffDelayMin)})");
        check.InRange("POWERON_FAILURE_PROBABILITY", o.PowerOnFailureProbability, 0, 1, "a probability from 0 to 1");
        var policy = config.GetString(Section, "QUEUE_POLICY", "fifo");
        if (!string.Equals(policy, "fifo", StringComparison.OrdinalIgnoreCase) && !string.Equals(policy, "easy", StringComparison.OrdinalIgnoreCase))
        {
            check.Fail("QUEUE_POLICY", policy, "fifo (CLUES' simulator) or easy (EASY backfilling)");
        }
    }
}
