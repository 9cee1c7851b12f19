using Clues.DockerWrapper.Api;
using Clues.DockerWrapper.Jobs;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Api;

/// <summary>The <c>/jobs/list</c> entry carries the job's finer state beside the thesis-compatible status word.</summary>
internal sealed class JobViewsTests
{
    private static Job NewJob(JobState state) => new()
    {
        Id = new string('a', 64),
        State = state,
        Image = "local/busybox:latest",
        CreateBody = """{"Image":"local/busybox:latest"}""",
        Submitted = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
    };

    [TestCase(JobState.Created, "created", "created")]
    [TestCase(JobState.Queued, "pending", "queued")]
    [TestCase(JobState.Dispatching, "pending", "dispatching")]
    [TestCase(JobState.Dispatched, "pending", "dispatched")]
    [TestCase(JobState.Running, "attended", "running")]
    [TestCase(JobState.Finished, "finished", "finished")]
    [TestCase(JobState.Failed, "failed", "failed")]
    [TestCase(JobState.Cancelled, "cancelled", "cancelled")]
    public void ListEntry_EveryState_HasStatusAndFinerState(JobState state, string status, string finer)
    {
        var entry = JobViews.ListEntry(NewJob(state));

        Assert.That(entry["Status"]!.GetValue<string>(), Is.EqualTo(status));
        Assert.That(entry["State"]!.GetValue<string>(), Is.EqualTo(finer));
    }
}
