namespace Clues.Core.Config;

/// <summary>clues2.cfg <c>[scheduling]</c>: the scheduler chain and its thresholds (spec §4, §13.2).</summary>
public sealed class SchedulingOptions
{
    /// <summary>The section name.</summary>
    public const string Section = "scheduling";

    /// <summary><c>PERIOD_SCHEDULE</c>, default 5: seconds between scheduling passes.</summary>
    public int PeriodSchedule { get; set; } = 5;
    /// <summary><c>MAX_BOOTING_NODES</c>, default 0 = no cap on nodes booting at once.</summary>
    public int MaxBootingNodes { get; set; }
    /// <summary><c>SCHEDULER_CLASSES</c>: comma-separated scheduler names, in execution order.</summary>
    public string SchedulerClasses { get; set; } = "";
    /// <summary><c>RETRIES_POWER_ON</c>, default 3: consecutive failed power-ons before a node stays in OFF_ERR.</summary>
    public int RetriesPowerOn { get; set; } = 3;
    /// <summary><c>RETRIES_POWER_OFF</c>, default 3.</summary>
    public int RetriesPowerOff { get; set; } = 3;
    /// <summary>
    /// <c>POWER_ON_BACKOFF</c>, default 30: seconds a node waits in OFF_ERR after its first failed power-on before it
    /// may be tried again; each further consecutive failure multiplies the wait by <see cref="PowerOnBackoffFactor"/>.
    /// 0 = retry at the next recovery pass, as CLUES 2.3 did.
    /// </summary>
    public double PowerOnBackoff { get; set; } = 30;
    /// <summary><c>POWER_ON_BACKOFF_FACTOR</c>, default 2: how much each consecutive failed power-on multiplies the wait.</summary>
    public double PowerOnBackoffFactor { get; set; } = 2;
    /// <summary><c>POWER_ON_BACKOFF_MAX</c>, default 600: the longest wait between two power-on attempts, seconds.</summary>
    public double PowerOnBackoffMax { get; set; } = 600;
    /// <summary>
    /// <c>QUARANTINE_TIME</c>, default 0 = until <c>clues resetstate</c>: seconds a node stays quarantined after
    /// <see cref="RetriesPowerOn"/> consecutive failed power-ons before it is released with a fresh set of retries.
    /// </summary>
    public double QuarantineTime { get; set; }
    /// <summary><c>PERIOD_RECOVERY_NODES</c>, default 30: seconds between recovery passes over error nodes.</summary>
    public int PeriodRecoveryNodes { get; set; } = 30;
    /// <summary><c>IDLE_TIME</c>, default 1800: seconds a node must be idle before it is powered off.</summary>
    public int IdleTime { get; set; } = 1800;
    /// <summary><c>COOLDOWN_NODES</c>, default 0: seconds after power-on during which a node is not powered off.</summary>
    public int CooldownNodes { get; set; }
    /// <summary><c>RECONSIDER_JOB_TIME</c>, default 60: seconds a job may stay queued before power-on is reconsidered.</summary>
    public int ReconsiderJobTime { get; set; } = 60;
    /// <summary><c>EXTRA_SLOTS_FREE</c>, default 0: free slots to keep available.</summary>
    public int ExtraSlotsFree { get; set; }
    /// <summary><c>EXTRA_NODES_FREE</c>, default 0: free nodes to keep available.</summary>
    public int ExtraNodesFree { get; set; }
    /// <summary><c>EXTRA_NODES_PERIOD</c>, default 30: seconds between PowOn_Free runs.</summary>
    public int ExtraNodesPeriod { get; set; } = 30;
    /// <summary><c>MAX_BLOCKED_TIME</c>, default 0 = forever: a BLOCKED request older than this is discarded (FIX spec §14 Q6).</summary>
    public double MaxBlockedTime { get; set; }
    /// <summary>
    /// <c>CLUES23_DECISIONS</c>, default false: take CLUES 2.3's scheduling decisions exactly, turning off the fixes
    /// that change them (spec §14 Q8 disabled nodes booted by PowOn_Free, Q9 power-off of a node chosen in the same
    /// pass, Q13 finished jobs re-added while still reported), so a simulation reproduces CLUES' power timeline.
    /// </summary>
    public bool Clues23Decisions { get; set; }

    /// <summary>The names in <see cref="SchedulerClasses"/>.</summary>
    public IReadOnlyList<string> SchedulerNames =>
        SchedulerClasses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Reads the section; problems are collected in <see cref="CluesConfig.Errors"/>.</summary>
    public static SchedulingOptions Bind(CluesConfig config)
    {
        var d = new SchedulingOptions();
        return new SchedulingOptions
        {
            PeriodSchedule = config.GetInt(Section, "PERIOD_SCHEDULE", d.PeriodSchedule),
            MaxBootingNodes = config.GetInt(Section, "MAX_BOOTING_NODES", d.MaxBootingNodes),
            SchedulerClasses = config.GetString(Section, "SCHEDULER_CLASSES", d.SchedulerClasses),
            RetriesPowerOn = config.GetInt(Section, "RETRIES_POWER_ON", d.RetriesPowerOn),
            RetriesPowerOff = config.GetInt(Section, "RETRIES_POWER_OFF", d.RetriesPowerOff),
            PowerOnBackoff = config.GetDouble(Section, "POWER_ON_BACKOFF", d.PowerOnBackoff),
            PowerOnBackoffFactor = config.GetDouble(Section, "POWER_ON_BACKOFF_FACTOR", d.PowerOnBackoffFactor),
            PowerOnBackoffMax = config.GetDouble(Section, "POWER_ON_BACKOFF_MAX", d.PowerOnBackoffMax),
            QuarantineTime = config.GetDouble(Section, "QUARANTINE_TIME", d.QuarantineTime),
            PeriodRecoveryNodes = config.GetInt(Section, "PERIOD_RECOVERY_NODES", d.PeriodRecoveryNodes),
            IdleTime = config.GetInt(Section, "IDLE_TIME", d.IdleTime),
            CooldownNodes = config.GetInt(Section, "COOLDOWN_NODES", d.CooldownNodes),
            ReconsiderJobTime = config.GetInt(Section, "RECONSIDER_JOB_TIME", d.ReconsiderJobTime),
            ExtraSlotsFree = config.GetInt(Section, "EXTRA_SLOTS_FREE", d.ExtraSlotsFree),
            ExtraNodesFree = config.GetInt(Section, "EXTRA_NODES_FREE", d.ExtraNodesFree),
            ExtraNodesPeriod = config.GetInt(Section, "EXTRA_NODES_PERIOD", d.ExtraNodesPeriod),
            MaxBlockedTime = config.GetDouble(Section, "MAX_BLOCKED_TIME", d.MaxBlockedTime),
            Clues23Decisions = config.GetBool(Section, "CLUES23_DECISIONS", d.Clues23Decisions),
        };
    }
}
