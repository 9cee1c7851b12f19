using Clues.Core.Model;
using Clues.Core.Requests;

namespace Clues.Tests.Common.Builders;

/// <summary>
/// Builds a <see cref="Request"/> (a user request or an LRMS job). Defaults: one task of 1 slot and 256 memory,
/// no requirements, PENDING since 0.
/// </summary>
internal sealed class RequestBuilder
{
    private readonly long _id;
    private readonly List<string> _expressions = [];
    private double _slots = 1;
    private double _memory = 256;
    private int _tasks = 1;
    private int _maxPerNode;
    private string? _jobId;
    private IReadOnlyList<string> _jobNodes = [];
    private RequestState _state = RequestState.Pending;
    private double _since;
    private double? _attendedAt;

    private RequestBuilder(long id) => _id = id;

    /// <summary>Starts a request with id <paramref name="id"/>.</summary>
    public static RequestBuilder WithId(long id) => new(id);

    /// <summary>Per-task slots and memory.</summary>
    public RequestBuilder Needing(double slots, double memory = 0)
    {
        _slots = slots;
        _memory = memory;
        return this;
    }

    /// <summary>Number of tasks and at most this many per node (0 = all on one node allowed).</summary>
    public RequestBuilder Tasks(int count, int maxPerNode = 0)
    {
        _tasks = count;
        _maxPerNode = maxPerNode;
        return this;
    }

    /// <summary>Requirement expressions every chosen node must meet.</summary>
    public RequestBuilder Requiring(params string[] expressions)
    {
        _expressions.AddRange(expressions);
        return this;
    }

    /// <summary>The LRMS job the request stands for.</summary>
    public RequestBuilder ForJob(string jobId, params string[] nodes)
    {
        _jobId = jobId;
        _jobNodes = nodes;
        return this;
    }

    /// <summary>The request is in <paramref name="state"/> since <paramref name="since"/>.</summary>
    public RequestBuilder In(RequestState state, double since = 0)
    {
        _state = state;
        _since = since;
        return this;
    }

    /// <summary>When it last entered ATTENDED (defaults to the state's start if ATTENDED, else never).</summary>
    public RequestBuilder AttendedAt(double time)
    {
        _attendedAt = time;
        return this;
    }

    /// <summary>The resources the request asks for.</summary>
    public Resources Resources => new(_slots, _memory, [.. _expressions], _tasks, _maxPerNode);

    /// <summary>The request.</summary>
    public Request Build()
    {
        var request = new Request(_id, Resources, Math.Min(_since, _attendedAt ?? _since), _jobId, _jobNodes)
        {
            State = _state,
            TimestampState = _since,
        };
        if (_attendedAt is { } attended)
        {
            request.TimestampAttended = attended;
        }
        else if (_state == RequestState.Attended)
        {
            request.TimestampAttended = _since;
        }
        return request;
    }
}
