using Clues.Core.Model;
using Clues.Core.Requests;
using NUnit.Framework;

namespace Clues.Tests.Core.Requests;

/// <summary>Request state changes (spec §3.2) and the merge of LRMS job observations (spec §1.6).</summary>
[TestFixture]
public sealed class RequestTests
{
    [Test]
    public void Constructor_Always_IsPendingSinceCreation()
    {
        var request = new Request(1, new Resources(1, 1), 10);

        Assert.That((request.State, request.TimestampCreated, request.TimestampState, request.TimestampAttended), Is.EqualTo((RequestState.Pending, 10.0, 10.0, 0.0)));
        Assert.That(request.JobNodeIds, Is.Empty);
    }

    [Test]
    public void SetState_EnteringAttended_StampsAttendedAndCountsRetries()
    {
        var request = new Request(1, new Resources(1, 1), 0);

        request.SetState(RequestState.Attended, 10);
        request.SetState(RequestState.Pending, 20);
        request.SetState(RequestState.Attended, 30);

        Assert.That((request.TimestampState, request.TimestampAttended, request.AttendedRetries), Is.EqualTo((30.0, 30.0, 2)));
    }

    [Test]
    public void SetState_SameState_ReturnsFalseAndKeepsTimestamp()
    {
        var request = new Request(1, new Resources(1, 1), 0);
        request.SetState(RequestState.Served, 10);

        Assert.That(request.SetState(RequestState.Served, 20), Is.False);
        Assert.That(request.TimestampState, Is.EqualTo(10));
    }

    [Test]
    public void UpdateFrom_JobObservation_CopiesResourcesStateAndNodes()
    {
        var request = new Request(1, new Resources(1, 1), 0, "j1");
        var resources = new Resources(2, 512, ["\"gpu\" in queues"], 4, 2);

        request.UpdateFrom(new JobInfo(resources, "j1", ["wn1", "wn2"], RequestState.Attended), 15);

        Assert.That(request.Resources, Is.EqualTo(resources));
        Assert.That((request.State, request.TimestampState, request.TimestampAttended), Is.EqualTo((RequestState.Attended, 15.0, 15.0)));
        Assert.That(request.JobNodeIds, Is.EqualTo(new[] { "wn1", "wn2" }));
    }

    [Test]
    public void UpdateFrom_SameState_KeepsStateTimestamp()
    {
        var request = new Request(1, new Resources(1, 1), 0, "j1");

        request.UpdateFrom(new JobInfo(new Resources(1, 1), "j1", [], RequestState.Pending), 15);

        Assert.That(request.TimestampState, Is.Zero);
    }
}
