using Clues.Core.Model;
using Clues.Core.StateMachine;

namespace Clues.Tests.Common.Builders;

/// <summary>
/// Builds a daemon <see cref="Node"/> in a given state since a given time, with its resources, keywords, power
/// timestamps, failure counters and enable flag. Defaults: 1 slot and 1024 memory, all free, IDLE since 0, enabled.
/// </summary>
internal sealed class NodeBuilder
{
    private readonly string _name;
    private readonly Dictionary<string, KeywordValue> _keywords = new(StringComparer.Ordinal);
    private double _slotsCount = 1;
    private double? _slotsFree;
    private double _memoryTotal = 1024;
    private double? _memoryFree;
    private NodeState _state = NodeState.Idle;
    private double _since;
    private double? _poweredOn;
    private double? _poweredOff;
    private int _powerOnFailures;
    private int _powerOffFailures;
    private bool _enabled = true;
    private NodeRules _rules = NodeRules.Default;

    private NodeBuilder(string name) => _name = name;

    /// <summary>Starts a node called <paramref name="name"/>.</summary>
    public static NodeBuilder Named(string name) => new(name);

    /// <summary>Total slots and free slots (all free when <paramref name="free"/> is null).</summary>
    public NodeBuilder WithSlots(double count, double? free = null)
    {
        _slotsCount = count;
        _slotsFree = free;
        return this;
    }

    /// <summary>Total memory and free memory (all free when <paramref name="free"/> is null).</summary>
    public NodeBuilder WithMemory(double total, double? free = null)
    {
        _memoryTotal = total;
        _memoryFree = free;
        return this;
    }

    /// <summary>The node is in <paramref name="state"/> since <paramref name="since"/>.</summary>
    public NodeBuilder In(NodeState state, double since = 0)
    {
        _state = state;
        _since = since;
        return this;
    }

    /// <summary>When the node last reached IDLE/USED (defaults to the state's start).</summary>
    public NodeBuilder PoweredOnAt(double time)
    {
        _poweredOn = time;
        return this;
    }

    /// <summary>When the node last reached OFF (defaults to the state's start).</summary>
    public NodeBuilder PoweredOffAt(double time)
    {
        _poweredOff = time;
        return this;
    }

    /// <summary>Consecutive failed power-ons and power-offs.</summary>
    public NodeBuilder WithFailures(int powerOn, int powerOff = 0)
    {
        _powerOnFailures = powerOn;
        _powerOffFailures = powerOff;
        return this;
    }

    /// <summary>CLUES may not power the node on or off on its own.</summary>
    public NodeBuilder Disabled()
    {
        _enabled = false;
        return this;
    }

    /// <summary>Adds a keyword, converted from text as LRMS plugins do (<c>[a,b]</c> is a list, <c>4</c> a number).</summary>
    public NodeBuilder WithKeyword(string name, string value)
    {
        _keywords[name] = KeywordValue.Parse(value);
        return this;
    }

    /// <summary>Timers, hooks and logger of the node (default: <see cref="NodeRules.Default"/>).</summary>
    public NodeBuilder WithRules(NodeRules rules)
    {
        _rules = rules;
        return this;
    }

    /// <summary>The node.</summary>
    public Node Build()
    {
        var info = new NodeInfo(_name, _slotsCount, _slotsFree ?? _slotsCount, _memoryTotal, _memoryFree ?? _memoryTotal, _keywords, _state);
        var node = new Node(info, _since, _rules) { Enabled = _enabled };
        if (_poweredOn is not null || _poweredOff is not null || _powerOnFailures != 0 || _powerOffFailures != 0)
        {
            node.Restore(_state, _since, _poweredOn ?? _since, _poweredOff ?? _since, _powerOnFailures, _powerOffFailures);
        }
        return node;
    }
}
