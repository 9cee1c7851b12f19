using System.Diagnostics;
using System.Globalization;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Requests;
using Clues.Core.StateMachine;

namespace Clues.Benchmarks;

/// <summary>
/// <c>--db URL [nodes] [runs]</c>: what the database adds to the daemon, on the store the daemon uses (durable: each
/// change committed when made), for a <c>sqlite://</c> or <c>mysql://</c> DB_CONNECTION_STRING:
/// the writes of a node monitoring pass in which every node changed (one <c>host_monitoring</c> row each and their
/// resume state), and the writes of one <c>request_create</c> call (its <c>requests</c> row and its queue entry), which
/// the API answers after. Prints the median, 95th percentile and maximum.
/// </summary>
internal static class DatabaseLatency
{
    public static int Run(string connectionString, int nodes, int runs)
    {
        using var store = CluesStoreFactory.Open(connectionString);
        Console.WriteLine($"database {DatabaseConnectionString.Parse(connectionString)}, {nodes} nodes, {runs} runs (after one warm-up)");
        var cluster = Enumerable.Range(0, nodes)
            .Select(i => new Node(new NodeInfo($"wn{i:0000}", 4, 4, 8192, 8192, state: NodeState.Idle), 0, NodeRules.Default)).ToList();

        var pass = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var node in cluster)
            {
                store.StoreNode(node, run);
            }
            store.SaveNodeStates(cluster.Select(n => new StoredNodeState(n.Name, n.State, run, 0, 0, 0, run)).ToList());
            if (run > 0)
            {
                pass.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        Print($"monitoring pass, {nodes} node changes", pass);

        var request = new List<double>();
        var firstId = store.MaxRequestId() + 1;
        for (var run = 0; run <= runs * 10; run++)
        {
            var created = new Request(firstId + run, new Resources(1, 1024, [""], 1, 1), run);
            var watch = Stopwatch.StartNew();
            store.StoreRequest(created);
            store.SaveQueue([new QueuedRequest(created.Id, created.Resources, created.State, run, run, 0, 0, null, [], [], 0)], []);
            if (run > 0)
            {
                request.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        Print("request_create writes", request);
        return 0;
    }

    private static void Print(string what, List<double> milliseconds)
    {
        milliseconds.Sort();
        double At(double q) => milliseconds[Math.Min(milliseconds.Count - 1, (int)Math.Ceiling(q * milliseconds.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-40} median {At(0.5),8:0.000} ms   p95 {At(0.95),8:0.000} ms   max {milliseconds[^1],8:0.000} ms   ({milliseconds.Count} samples)"));
    }
}
