namespace Clues.Core.Scheduling;

/// <summary>The CLUES class names of the built-in schedulers, as written in <c>SCHEDULER_CLASSES</c>.</summary>
public static class SchedulerNames
{
    /// <summary>Powers nodes on for queued requests.</summary>
    public const string PowOnRequests = "clueslib.schedulers.CLUES_Scheduler_PowOn_Requests";
    /// <summary>Turns LRMS jobs queued for too long into requests.</summary>
    public const string ReconsiderJobs = "clueslib.schedulers.CLUES_Scheduler_Reconsider_Jobs";
    /// <summary>Powers off nodes idle for longer than IDLE_TIME.</summary>
    public const string PowOffIdle = "clueslib.schedulers.CLUES_Scheduler_PowOff_IDLE";
    /// <summary>Keeps EXTRA_SLOTS_FREE slots and EXTRA_NODES_FREE nodes available.</summary>
    public const string PowOnFree = "clueslib.schedulers.CLUES_Scheduler_PowOn_Free";
    /// <summary>CLUES' unfinished recovery scheduler; not ported (the daemon's recovery pass does its job).</summary>
    public const string RecoverOffErr = "clueslib.schedulers_extra.CLUES_Scheduler_Recover_OFF_ERR";
}
