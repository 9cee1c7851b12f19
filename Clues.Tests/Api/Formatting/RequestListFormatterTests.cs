using Clues.Core.Api;
using Clues.Core.Api.Formatting;
using Clues.Core.Model;
using NUnit.Framework;

namespace Clues.Tests.Api.Formatting;

[TestFixture]
public sealed class RequestListFormatterTests
{
    [Test]
    public void Format_UserAndJobRequests_MatchesPythonStrOfRequestList()
    {
        var requests = new[]
        {
            new RequestSnapshot { Id = 3, Resources = new Resources(1, 1024, [""], 1, 1), State = RequestState.Pending, TimestampState = 12 },
            new RequestSnapshot
            {
                Id = 4, Resources = new Resources(0.5, 2048.5, ["hostname==\"wn1\""], 3, 2), State = RequestState.Attended,
                TimestampState = 15.125, TimestampAttended = 15.125, JobId = "77",
            },
        };

        var text = RequestListFormatter.Format(requests);

        Assert.That(text, Is.EqualTo(
            "[REQUEST 3] state: pending@12.00; resources: 1 tasks (1 per node max.): 1.0 slots, 1024 memory, (['']) ; attended @0.00; job id: None; \n"
            + "[REQUEST 4] state: attended@15.12; resources: 3 tasks (2 per node max.): 0.5 slots, 2048 memory, (['hostname==\"wn1\"']) ; attended @15.12; job id: 77; \n"));
    }

    [Test]
    public void Format_EmptyQueue_IsEmptyText() =>
        Assert.That(RequestListFormatter.Format([]), Is.Empty);
}
