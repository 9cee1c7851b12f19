namespace Clues.Core.Config;

/// <summary>clues2.cfg <c>[monitoring]</c>: node timers and monitoring periods (spec §2.8, §13.2).</summary>
public sealed class MonitoringOptions
{
    /// <summary>The section name.</summary>
    public const string Section = "monitoring";

    /// <summary><c>MAX_WAIT_POWERON</c>, default 300: POW_ON longer than this → OFF_ERR.</summary>
    public double MaxWaitPowerOn { get; set; } = 300;
    /// <summary><c>MAX_WAIT_POWEROFF</c>, default 300: POW_OFF longer than this → ON_ERR.</summary>
    public double MaxWaitPowerOff { get; set; } = 300;
    /// <summary><c>PERIOD_MONITORING_NODES</c>, default 5.</summary>
    public double PeriodMonitoringNodes { get; set; } = 5;
    /// <summary><c>PERIOD_MONITORING_JOBS</c>, default 0 = jobs are not monitored.</summary>
    public double PeriodMonitoringJobs { get; set; }
    /// <summary><c>PERIOD_LIFECYCLE</c>, default 5.</summary>
    public double PeriodLifecycle { get; set; } = 5;
    /// <summary><c>PERIOD_MONITORING_NODES_FAIL_GRACE</c>, default 120: how long a failing node report keeps the old view.</summary>
    public double PeriodMonitoringNodesFailGrace { get; set; } = 120;
    /// <summary><c>PERIOD_MONITORING_JOBS_FAIL_GRACE</c>, default 120.</summary>
    public double PeriodMonitoringJobsFailGrace { get; set; } = 120;
    /// <summary><c>TIME_OFF_GLITCH_DETECTION</c>, default 120: short OFF reports are treated as glitches (spec §2.6).</summary>
    public double TimeOffGlitchDetection { get; set; } = 120;
    /// <summary><c>NEGATIVE_RESOURCES_MEANS_INFINITE</c>, default true.</summary>
    public bool NegativeResourcesMeansInfinite { get; set; } = true;
    /// <summary><c>DELAY_POWON</c>, default 10: minimum time in POW_ON before an "on" report is believed.</summary>
    public double DelayPowOn { get; set; } = 10;
    /// <summary><c>DELAY_POWOFF</c>, default 10: minimum time in POW_OFF before an "off" report is believed.</summary>
    public double DelayPowOff { get; set; } = 10;
    /// <summary><c>COOLDOWN_SERVED_JOBS</c>, default 120: how long finished jobs are kept.</summary>
    public double CooldownServedJobs { get; set; } = 120;
    /// <summary><c>COOLDOWN_SERVED_REQUESTS</c>, default 120: how long finished requests (and SERVED bookings) are kept.</summary>
    public double CooldownServedRequests { get; set; } = 120;

    /// <summary>Reads the section; problems are collected in <see cref="CluesConfig.Errors"/>.</summary>
    public static MonitoringOptions Bind(CluesConfig config)
    {
        var d = new MonitoringOptions();
        return new MonitoringOptions
        {
            MaxWaitPowerOn = config.GetDouble(Section, "MAX_WAIT_POWERON", d.MaxWaitPowerOn),
            MaxWaitPowerOff = config.GetDouble(Section, "MAX_WAIT_POWEROFF", d.MaxWaitPowerOff),
            PeriodMonitoringNodes = config.GetDouble(Section, "PERIOD_MONITORING_NODES", d.PeriodMonitoringNodes),
            PeriodMonitoringJobs = config.GetDouble(Section, "PERIOD_MONITORING_JOBS", d.PeriodMonitoringJobs),
            PeriodLifecycle = config.GetDouble(Section, "PERIOD_LIFECYCLE", d.PeriodLifecycle),
            PeriodMonitoringNodesFailGrace = config.GetDouble(Section, "PERIOD_MONITORING_NODES_FAIL_GRACE", d.PeriodMonitoringNodesFailGrace),
            PeriodMonitoringJobsFailGrace = config.GetDouble(Section, "PERIOD_MONITORING_JOBS_FAIL_GRACE", d.PeriodMonitoringJobsFailGrace),
            TimeOffGlitchDetection = config.GetDouble(Section, "TIME_OFF_GLITCH_DETECTION", d.TimeOffGlitchDetection),
            NegativeResourcesMeansInfinite = config.GetBool(Section, "NEGATIVE_RESOURCES_MEANS_INFINITE", d.NegativeResourcesMeansInfinite),
            DelayPowOn = config.GetDouble(Section, "DELAY_POWON", d.DelayPowOn),
            DelayPowOff = config.GetDouble(Section, "DELAY_POWOFF", d.DelayPowOff),
            CooldownServedJobs = config.GetDouble(Section, "COOLDOWN_SERVED_JOBS", d.CooldownServedJobs),
            CooldownServedRequests = config.GetDouble(Section, "COOLDOWN_SERVED_REQUESTS", d.CooldownServedRequests),
        };
    }
}
