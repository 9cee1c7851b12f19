namespace Clues.Core.Config.Validators;

/// <summary>Checks <c>[monitoring]</c>: periods, waits, graces, delays and cooldowns.</summary>
internal sealed class MonitoringValidator : ISectionValidator
{
    public string Section => MonitoringOptions.Section;

    public void Validate(CluesOptions options, CluesConfig config)
    {
        var o = options.Monitoring;
        var check = new SectionChecks(config, Section);
        // FIX (spec §14 Q12): CLUES polls the nodes in a busy loop when this is 0 or less.
        check.Positive("PERIOD_MONITORING_NODES", o.PeriodMonitoringNodes,
            "a period in seconds > 0 (CLUES would poll the nodes in a busy loop)");
        check.NonNegative("PERIOD_MONITORING_JOBS", o.PeriodMonitoringJobs, "a period in seconds ≥ 0 (0 = jobs are not monitored)");
        check.Positive("PERIOD_LIFECYCLE", o.PeriodLifecycle, "a period in seconds > 0");
        const string seconds = "a number of seconds ≥ 0";
        check.NonNegative("MAX_WAIT_POWERON", o.MaxWaitPowerOn, seconds);
        check.NonNegative("MAX_WAIT_POWEROFF", o.MaxWaitPowerOff, seconds);
        check.NonNegative("PERIOD_MONITORING_NODES_FAIL_GRACE", o.PeriodMonitoringNodesFailGrace, seconds);
        check.NonNegative("PERIOD_MONITORING_JOBS_FAIL_GRACE", o.PeriodMonitoringJobsFailGrace, seconds);
        check.NonNegative("TIME_OFF_GLITCH_DETECTION", o.TimeOffGlitchDetection, seconds);
        check.NonNegative("DELAY_POWON", o.DelayPowOn, seconds);
        check.NonNegative("DELAY_POWOFF", o.DelayPowOff, seconds);
        check.NonNegative("COOLDOWN_SERVED_JOBS", o.CooldownServedJobs, seconds);
        check.NonNegative("COOLDOWN_SERVED_REQUESTS", o.CooldownServedRequests, seconds);
    }
}
