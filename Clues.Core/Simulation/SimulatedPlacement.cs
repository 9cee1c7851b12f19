namespace Clues.Core.Simulation;

/// <summary>The free room of one simulated machine in a placement plan: nothing fits on a machine that is not on.</summary>
internal readonly record struct MachineRoom(bool On, double Cores, double Memory);

/// <summary>
/// cluessim's placement, on a plan of the machines' free room rather than on the machines themselves, so that a
/// backfilling queue can also plan on the room expected later.
/// </summary>
internal static class SimulatedPlacement
{
    /// <summary>Fills <paramref name="rooms"/> with each machine's free room now.</summary>
    public static void FreeNow(IReadOnlyList<SimNode> nodes, MachineRoom[] rooms)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            rooms[i] = new MachineRoom(node.State == SimNodeState.On, node.Cores, node.Memory);
        }
    }

    /// <summary>
    /// First fit task by task, as cluessim, in one walk over the machines: a task goes to the first machine that still
    /// fits one, and a machine that cannot take a task cannot take a later one, so each machine is filled before the
    /// next. <paramref name="placement"/> gets one machine index per task.
    /// </summary>
    public static bool TryPlace(SimJob job, ReadOnlySpan<MachineRoom> rooms, List<int> placement)
    {
        placement.Clear();
        for (var i = 0; i < rooms.Length; i++)
        {
            var room = rooms[i];
            if (!room.On)
            {
                continue;
            }
            for (var taken = 0; placement.Count < job.TaskCount
                && room.Cores - taken * job.Cores >= job.Cores && room.Memory - taken * job.Memory >= job.Memory; taken++)
            {
                placement.Add(i);
            }
            if (placement.Count == job.TaskCount)
            {
                return true;
            }
        }
        return job.TaskCount <= 0;
    }

    /// <summary>Takes (<paramref name="sign"/> 1) or gives back (-1) the room of one task per index in <paramref name="placement"/>.</summary>
    public static void Take(Span<MachineRoom> rooms, SimJob job, IEnumerable<int> placement, int sign)
    {
        foreach (var i in placement)
        {
            var room = rooms[i];
            rooms[i] = room with { Cores = room.Cores - sign * job.Cores, Memory = room.Memory - sign * job.Memory };
        }
    }
}
