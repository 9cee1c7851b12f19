namespace Clues.Core.Config.Validators;

/// <summary>Checks <c>[scheduling]</c>: periods, counts and times (scheduler names are resolved elsewhere).</summary>
internal sealed class SchedulingValidator : ISectionValidator
{
    public string Section => SchedulingOptions.Section;

    public void Validate(CluesOptions options, CluesConfig config)
    {
        var o = options.Scheduling;
        var check = new SectionChecks(config, Section);
        const string period = "a period in seconds > 0";
        check.Positive("PERIOD_SCHEDULE", o.PeriodSchedule, period);
        check.Positive("PERIOD_RECOVERY_NODES", o.PeriodRecoveryNodes, period);
        check.Positive("EXTRA_NODES_PERIOD", o.ExtraNodesPeriod, period);
        const string count = "a count ≥ 0";
        const string seconds = "a number of seconds ≥ 0";
        check.NonNegative("MAX_BOOTING_NODES", o.MaxBootingNodes, "a count ≥ 0 (0 = no cap)");
        check.NonNegative("RETRIES_POWER_ON", o.RetriesPowerOn, count);
        check.NonNegative("RETRIES_POWER_OFF", o.RetriesPowerOff, count);
        check.NonNegative("POWER_ON_BACKOFF", o.PowerOnBackoff, "a number of seconds ≥ 0 (0 = retry at the next recovery pass)");
        check.InRange("POWER_ON_BACKOFF_FACTOR", o.PowerOnBackoffFactor, 1, 100, "a factor from 1 (a constant wait) to 100");
        check.NonNegative("POWER_ON_BACKOFF_MAX", o.PowerOnBackoffMax, seconds);
        check.NonNegative("QUARANTINE_TIME", o.QuarantineTime, "a number of seconds ≥ 0 (0 = until clues resetstate)");
        check.NonNegative("IDLE_TIME", o.IdleTime, seconds);
        check.NonNegative("COOLDOWN_NODES", o.CooldownNodes, seconds);
        check.NonNegative("RECONSIDER_JOB_TIME", o.ReconsiderJobTime, seconds);
        check.NonNegative("EXTRA_SLOTS_FREE", o.ExtraSlotsFree, count);
        check.NonNegative("EXTRA_NODES_FREE", o.ExtraNodesFree, count);
        check.NonNegative("MAX_BLOCKED_TIME", o.MaxBlockedTime, "a number of seconds ≥ 0 (0 = forever)");
    }
}
