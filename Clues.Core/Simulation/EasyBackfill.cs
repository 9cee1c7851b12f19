namespace Clues.Core.Simulation;

/// <summary>
/// EASY backfilling for the simulated batch system (<c>[simulator] QUEUE_POLICY=easy</c>), after the first-in-line
/// jobs that fit have started: the first job still queued gets a reservation at the earliest time the running jobs,
/// ending by their requested times, leave room for it on the machines that are on; a later job starts now if it fits
/// and either ends by its requested time before that reservation or still leaves the first job its room then.
/// </summary>
/// <remarks>
/// When the first job cannot fit even once every running job has ended (it waits for machines to be powered on),
/// nothing is backfilled: the machines being powered on are for it. Jobs are not killed at their requested time
/// (the logs record jobs that ran longer); one that overran is planned to end now. Plans are redone only after a
/// job was submitted or ended or a machine changed power state: nothing else changes the outcome.
/// </remarks>
internal sealed class EasyBackfill(SimulatedCluster cluster)
{
    private bool _changed = true;
    private SimNodeState[] _states = [];
    private MachineRoom[] _free = [];
    private MachineRoom[] _atReservation = [];
    private readonly List<int> _placement = [];

    /// <summary>Something besides the machines' power changed: plan again at the next call.</summary>
    public void Invalidate() => _changed = true;

    /// <summary>The queued jobs (after the first) to start now, with the machine index of each task.</summary>
    /// <param name="queue">The queue in order; the first job is the one that could not start.</param>
    /// <param name="running">The running jobs.</param>
    /// <param name="now">The simulated time.</param>
    public IReadOnlyList<(SimJob Job, IReadOnlyList<int> Placement)> Choose(IReadOnlyList<SimJob> queue, IReadOnlyList<SimJob> running, double now)
    {
        if (!PowerChanged() && !_changed)
        {
            return [];
        }
        _changed = false;
        var nodes = cluster.Nodes;
        if (_free.Length != nodes.Count)
        {
            _free = new MachineRoom[nodes.Count];
            _atReservation = new MachineRoom[nodes.Count];
        }
        SimulatedPlacement.FreeNow(nodes, _free);
        _free.CopyTo(_atReservation, 0);
        var first = queue[0];
        if (Reservation(first, running, now) is not { } reservation)
        {
            return [];
        }
        List<(SimJob, IReadOnlyList<int>)>? chosen = null;
        for (var i = 1; i < queue.Count; i++)
        {
            var job = queue[i];
            if (!SimulatedPlacement.TryPlace(job, _free, _placement))
            {
                continue;
            }
            var placement = _placement.ToArray();
            if (now + job.RequestedSeconds > reservation)
            {
                // Still running at the reservation: it may only use room the first job does not need then.
                SimulatedPlacement.Take(_atReservation, job, placement, 1);
                if (!SimulatedPlacement.TryPlace(first, _atReservation, _placement))
                {
                    SimulatedPlacement.Take(_atReservation, job, placement, -1);
                    continue;
                }
            }
            SimulatedPlacement.Take(_free, job, placement, 1);
            (chosen ??= []).Add((job, placement));
        }
        return chosen ?? [];
    }

    /// <summary>
    /// The earliest time the first job fits as the running jobs end (by their requested times), leaving in
    /// <see cref="_atReservation"/> the room then; null if it does not fit even once they all have.
    /// </summary>
    private double? Reservation(SimJob first, IReadOnlyList<SimJob> running, double now)
    {
        // OrderBy is stable: jobs planned to end together are released in the order they started.
        foreach (var job in running.OrderBy(j => Math.Max(j.Started!.Value + j.RequestedSeconds, now)))
        {
            foreach (var name in job.Nodes)
            {
                var index = cluster.IndexOf(name);
                var room = _atReservation[index];
                _atReservation[index] = room with { Cores = room.Cores + job.Cores, Memory = room.Memory + job.Memory };
            }
            if (SimulatedPlacement.TryPlace(first, _atReservation, _placement))
            {
                return Math.Max(job.Started!.Value + job.RequestedSeconds, now);
            }
        }
        return null;
    }

    /// <summary>Whether any machine changed power state since the last call (and remembers the states).</summary>
    private bool PowerChanged()
    {
        var nodes = cluster.Nodes;
        var changed = _states.Length != nodes.Count;
        if (changed)
        {
            _states = new SimNodeState[nodes.Count];
        }
        for (var i = 0; i < nodes.Count; i++)
        {
            if (_states[i] != nodes[i].State)
            {
                _states[i] = nodes[i].State;
                changed = true;
            }
        }
        return changed;
    }
}
