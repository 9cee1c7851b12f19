using System.Diagnostics;
using System.Globalization;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Requests;
using Clues.Core.StateMachine;

namespace Clues.Benchmarks;

/// <summary>
/// <c>--db URL [nodes] [runs]</c>: what the database adds to the daemon, on the store the daemon uses (durable), for a
/// <c>sqlite://</c> or <c>mysql://</c> DB_CONNECTION_STRING: the writes of a node monitoring pass in which every node
/// changed (one <c>host_monitoring</c> row each and their resume state), and the writes of one <c>request_create</c>
/// call (its <c>requests</c> row and its queue entry), which the API answers after. Each is measured twice: as one
/// turn of the daemon's loop (one transaction, committed at its end, as the daemon writes), and with every write
/// committed when made (as the daemon wrote before turns). Prints the median, 95th percentile and maximum.
/// </summary>
internal static class DatabaseLatency
{
    public static int Run(string connectionString, int nodes, int runs)
    {
        using var store = CluesStoreFactory.Open(connectionString);
        var turns = (ITransactionalStore)store;
        Console.WriteLine($"database {DatabaseConnectionString.Parse(connectionString)}, {nodes} nodes, {runs} runs (after one warm-up)");
        var cluster = Enumerable.Range(0, nodes)
            .Select(i => new Node(new NodeInfo($"wn{i:0000}", 4, 4, 8192, 8192, state: NodeState.Idle), 0, NodeRules.Default)).ToList();
        var nextId = store.MaxRequestId() + 1;
        var second = 0;

        foreach (var inTurn in new[] { true, false })
        {
            var how = inTurn ? "one transaction per turn" : "each write committed";
            var pass = Measure(runs, inTurn ? turns : null, () =>
            {
                second++;
                foreach (var node in cluster)
                {
                    store.StoreNode(node, second);
                }
                store.SaveNodeStates(cluster.Select(n => new StoredNodeState(n.Name, n.State, second, 0, 0, 0, second)).ToList());
            });
            Print($"monitoring pass, {nodes} node changes, {how}", pass);

            var request = Measure(runs * 10, inTurn ? turns : null, () =>
            {
                var created = new Request(nextId++, new Resources(1, 1024, [""], 1, 1), second);
                store.StoreRequest(created);
                store.SaveQueue([new QueuedRequest(created.Id, created.Resources, created.State, second, second, 0, 0, null, [], [], 0)], []);
            });
            Print($"request_create writes, {how}", request);
        }
        return 0;
    }

    /// <summary>Times <paramref name="writes"/> <paramref name="runs"/> times after one warm-up, as a turn when <paramref name="turns"/> is given.</summary>
    private static List<double> Measure(int runs, ITransactionalStore? turns, Action writes)
    {
        var times = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var watch = Stopwatch.StartNew();
            turns?.BeginWrites();
            writes();
            turns?.CommitWrites();
            if (run > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        return times;
    }

    private static void Print(string what, List<double> milliseconds)
    {
        milliseconds.Sort();
        double At(double q) => milliseconds[Math.Min(milliseconds.Count - 1, (int)Math.Ceiling(q * milliseconds.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-68} median {At(0.5),8:0.000} ms   p95 {At(0.95),8:0.000} ms   max {milliseconds[^1],8:0.000} ms   ({milliseconds.Count} samples)"));
    }
}
