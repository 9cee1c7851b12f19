namespace Clues.Core.Config;

/// <summary>
/// clues2.cfg <c>[simulator]</c>: the randomness of the simulated cluster. With MIN = MAX and a failure
/// probability of 0 a run is fully deterministic.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>The section name.</summary>
    public const string Section = "simulator";

    /// <summary><c>RANDOM_SEED</c>, default 0.</summary>
    public int RandomSeed { get; set; }
    /// <summary><c>POWERON_DELAY_MIN</c>, default 5 (CLUES).</summary>
    public double PowerOnDelayMin { get; set; } = 5;
    /// <summary><c>POWERON_DELAY_MAX</c>, default 10 (CLUES).</summary>
    public double PowerOnDelayMax { get; set; } = 10;
    /// <summary><c>POWEROFF_DELAY_MIN</c>, default 5 (CLUES).</summary>
    public double PowerOffDelayMin { get; set; } = 5;
    /// <summary><c>POWEROFF_DELAY_MAX</c>, default 10 (CLUES).</summary>
    public double PowerOffDelayMax { get; set; } = 10;
    /// <summary><c>POWERON_FAILURE_PROBABILITY</c>, default 0.05 (CLUES).</summary>
    public double PowerOnFailureProbability { get; set; } = 0.05;

    /// <summary>
    /// <c>QUEUE_POLICY</c>: how the simulated batch system starts queued jobs, <c>fifo</c> (default, CLUES' simulator:
    /// strictly in order, the first job that does not fit blocks the rest) or <c>easy</c> (EASY backfilling, as most
    /// HPC batch systems and the logs of the Parallel Workloads Archive ran: later jobs may start while the first waits,
    /// if they do not delay it).
    /// </summary>
    public SimulatedQueuePolicy QueuePolicy { get; set; } = SimulatedQueuePolicy.Fifo;

    /// <summary>
    /// <c>SCHEDULER_CLASSES</c>: the scheduler chain of a simulation, as in <c>[scheduling]</c>; empty (default) = CLUES'
    /// simulator's (PowOn_Requests, Reconsider_Jobs, PowOff_IDLE), whatever <c>[scheduling]</c> lists. Set it to
    /// simulate another power policy, such as <c>clueslib.schedulers.Energy_Aware</c> in place of PowOff_IDLE.
    /// </summary>
    public string SchedulerClasses { get; set; } = "";

    /// <summary>The names in <see cref="SchedulerClasses"/>.</summary>
    public IReadOnlyList<string> SchedulerNames =>
        SchedulerClasses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Reads the section; problems are collected in <see cref="CluesConfig.Errors"/>.</summary>
    public static SimulatorOptions Bind(CluesConfig config)
    {
        var d = new SimulatorOptions();
        return new SimulatorOptions
        {
            RandomSeed = config.GetInt(Section, "RANDOM_SEED", d.RandomSeed),
            PowerOnDelayMin = config.GetDouble(Section, "POWERON_DELAY_MIN", d.PowerOnDelayMin),
            PowerOnDelayMax = config.GetDouble(Section, "POWERON_DELAY_MAX", d.PowerOnDelayMax),
            PowerOffDelayMin = config.GetDouble(Section, "POWEROFF_DELAY_MIN", d.PowerOffDelayMin),
            PowerOffDelayMax = config.GetDouble(Section, "POWEROFF_DELAY_MAX", d.PowerOffDelayMax),
            PowerOnFailureProbability = config.GetDouble(Section, "POWERON_FAILURE_PROBABILITY", d.PowerOnFailureProbability),
            SchedulerClasses = config.GetString(Section, "SCHEDULER_CLASSES", d.SchedulerClasses),
            QueuePolicy = config.GetString(Section, "QUEUE_POLICY", "fifo").ToLowerInvariant() switch
            {
                "easy" => SimulatedQueuePolicy.EasyBackfilling,
                _ => SimulatedQueuePolicy.Fifo,
            },
        };
    }
}

/// <summary>How the simulated batch system starts queued jobs (<c>[simulator] QUEUE_POLICY</c>).</summary>
public enum SimulatedQueuePolicy
{
    /// <summary><c>fifo</c>: strictly in submission order, with head-of-line blocking (CLUES' simulator).</summary>
    Fifo,

    /// <summary>
    /// <c>easy</c>: EASY backfilling. The first queued job gets a reservation at the earliest time the running jobs'
    /// requested times free enough room for it; a later job starts now if it fits and either ends (by its requested
    /// time) before that reservation or leaves the reserved room alone.
    /// </summary>
    EasyBackfilling,
}
