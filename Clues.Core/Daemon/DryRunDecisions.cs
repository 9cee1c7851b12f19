using Clues.Core.Api;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Daemon;

/// <summary>
/// What a dry run does instead of a power action: it logs and counts the decision, and leaves the node as the LRMS
/// reports it. Nothing changes, so the schedulers take the same decision again in the next pass; a decision repeated
/// pass after pass is logged once at Information (and counted once), then at Debug as the same decision.
/// </summary>
/// <remarks>
/// <para>
/// The latest decisions are kept for the API and the status page, and the power-ons of the latest pass for
/// <c>--why</c>: a request they were for stays waiting, because the node never comes up.
/// </para>
/// <para>
/// The node is not moved to POW_ON or POW_OFF: the LRMS would go on reporting it as it is, and the state machine
/// would take that for a failed or timed-out power action (OFF_ERR, backoff, quarantine) or an unexpected change.
/// </para>
/// </remarks>
/// <param name="metrics">Counts the decisions.</param>
/// <param name="logger">The daemon's logger.</param>
internal sealed partial class DryRunDecisions(DaemonMetrics metrics, ILogger logger)
{
    private readonly LinkedList<Entry> _recent = new();
    private HashSet<string> _decidedLastPass = new(StringComparer.Ordinal);
    private HashSet<string> _decidedThisPass = new(StringComparer.Ordinal);
    private Dictionary<long, List<string>> _powerOnsLastPass = [];
    private Dictionary<long, List<string>> _powerOnsThisPass = [];

    /// <summary>Records a power action that is not run; returns the failure the caller reports.</summary>
    /// <param name="action">The action decided.</param>
    /// <param name="node">The node.</param>
    /// <param name="requests">The requests it was decided for (empty if none).</param>
    /// <param name="now">The daemon clock.</param>
    public (bool Success, string Node, string? Error) Decide(PowerAction action, Node node, IReadOnlyList<long> requests, double now)
    {
        var purpose = Purpose(requests);
        if (Remember(action.Verb, node.Name, requests, now))
        {
            Log.WouldPower(logger, action.Verb, node.Name, purpose);
            metrics.DryRunAction(action.Verb);
        }
        else
        {
            Log.StillWouldPower(logger, action.Verb, node.Name, purpose);
        }
        return (false, "", $"dry run: node {node.Name} would be powered {action.Verb}; no command was run");
    }

    /// <summary>Ends a scheduling pass: a decision not taken again in the next pass is news when it comes back.</summary>
    public void EndPass()
    {
        (_decidedLastPass, _decidedThisPass) = (_decidedThisPass, _decidedLastPass);
        _decidedThisPass.Clear();
        (_powerOnsLastPass, _powerOnsThisPass) = (_powerOnsThisPass, []);
    }

    /// <summary><c> for request 7</c>, <c> for requests 7, 8</c>, or nothing.</summary>
    internal static string Purpose(IReadOnlyList<long> requests) => requests.Count switch
    {
        0 => "",
        1 => $" for request {requests[0]}",
        _ => $" for requests {string.Join(", ", requests)}",
    };

    /// <summary>The nodes the latest scheduling pass would have powered on for request <paramref name="requestId"/> (empty if none).</summary>
    public IReadOnlyList<string> PowerOnsFor(long requestId) => _powerOnsLastPass.GetValueOrDefault(requestId) ?? [];

    /// <summary>The latest scheduling pass' decision on <paramref name="node"/>, or null.</summary>
    public DryRunDecision? CurrentFor(string node)
    {
        foreach (var entry in _recent)
        {
            if (entry.Node == node)
            {
                return IsCurrent(entry) ? entry.ToDecision(current: true) : null;
            }
        }
        return null;
    }

    /// <summary>The decisions counted so far and the latest ones.</summary>
    public DryRunStatus Status() => new(true, metrics.DryRunActions(PowerAction.On.Verb), metrics.DryRunActions(PowerAction.Off.Verb),
        _recent.Select(e => e.ToDecision(IsCurrent(e))).ToList());

    // The same decision while it repeats pass after pass is one entry (the newest first, at most RecentLimit); true
    // when it is news: not taken in this pass yet nor in the previous one.
    private bool Remember(string action, string node, IReadOnlyList<long> requests, double now)
    {
        var key = action + " " + node;
        var news = !_decidedLastPass.Contains(key) && !_decidedThisPass.Contains(key);
        var entry = news ? null : _recent.FirstOrDefault(e => e.Key == key);
        if (entry is null)
        {
            entry = new Entry(key, action, node, now);
            _recent.AddFirst(entry);
            if (_recent.Count > DryRunStatus.RecentLimit)
            {
                _recent.RemoveLast();
            }
        }
        entry.LastDecided = now;
        entry.Requests = requests;
        _decidedThisPass.Add(key);
        if (action == PowerAction.On.Verb)
        {
            foreach (var id in requests)
            {
                (_powerOnsThisPass.TryGetValue(id, out var nodes) ? nodes : _powerOnsThisPass[id] = []).Add(node);
            }
        }
        return news;
    }

    private bool IsCurrent(Entry entry) => _decidedLastPass.Contains(entry.Key) || _decidedThisPass.Contains(entry.Key);

    private sealed class Entry(string key, string action, string node, double since)
    {
        public string Key => key;

        public string Node => node;

        public IReadOnlyList<long> Requests { get; set; } = [];

        public double LastDecided { get; set; }

        public DryRunDecision ToDecision(bool current) => new(action, node, Requests, since, LastDecided, current);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 635, Level = LogLevel.Information, Message = "dry run: would power {Action} node {Node}{Purpose} (DRY_RUN: no command is run)")]
        public static partial void WouldPower(ILogger logger, string action, string node, string purpose);

        [LoggerMessage(EventId = 636, Level = LogLevel.Debug, Message = "dry run: still would power {Action} node {Node}{Purpose} (the same decision as in the previous pass)")]
        public static partial void StillWouldPower(ILogger logger, string action, string node, string purpose);
    }
}
