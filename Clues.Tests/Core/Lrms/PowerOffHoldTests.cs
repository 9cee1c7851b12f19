using Clues.Core.Lrms;
using NUnit.Framework;

namespace Clues.Tests.Core.Lrms;

/// <summary>
/// <see cref="PowerOffHold"/>: a power-off goes ahead only when the hold is on and the node idle; every refusal after
/// the hold lifts it, with a token the caller cannot have cancelled. The plugins' own tests (Slurm, PBS, SGE) check
/// the same through their commands.
/// </summary>
[TestFixture]
public sealed class PowerOffHoldTests
{
    [Test]
    public async Task Prepare_HeldAndIdle_GoesAheadAndKeepsTheHold()
    {
        var hold = new RecordingHold();

        Assert.That(await PowerOffHold.PrepareAsync(hold, "n1", CancellationToken.None), Is.True);
        Assert.That(hold.Calls, Is.EqualTo(new[] { "hold n1", "check n1", "held n1" }));
    }

    [Test]
    public async Task Prepare_HoldFails_RefusesWithoutCheckingOrReleasing()
    {
        var hold = new RecordingHold { HoldError = new CommandFailed("drain: refused") };

        Assert.That(await PowerOffHold.PrepareAsync(hold, "n1", CancellationToken.None), Is.False);
        Assert.That(hold.Calls, Is.EqualTo(new[] { "hold n1", "hold failed n1: drain: refused" }));
    }

    [TestCase("a job runs there", "a job runs there")]
    [TestCase(null, "its state cannot be read: line 3: no State")]
    public async Task Prepare_BusyOrUnreadable_ReleasesAndRefuses(string? busy, string reason)
    {
        var hold = new RecordingHold { Busy = busy, CheckError = busy is null ? new OutputUnreadable("line 3: no State") : null };

        Assert.That(await PowerOffHold.PrepareAsync(hold, "n1", CancellationToken.None), Is.False);
        Assert.That(hold.Calls, Is.EqualTo(new[] { "hold n1", "check n1", $"stays on n1: {reason}", "release n1" }));
    }

    [Test]
    public void Prepare_CancelledWhileChecking_ReleasesWithATokenOfItsOwnAndRethrows()
    {
        using var cancelled = new CancellationTokenSource();
        var hold = new RecordingHold { OnCheck = cancelled.Cancel };

        Assert.That(async () => await PowerOffHold.PrepareAsync(hold, "n1", cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(hold.Calls, Is.EqualTo(new[] { "hold n1", "check n1", "release n1" }));
        Assert.That(hold.ReleaseToken.CanBeCanceled, Is.False, "the release is not bound to the expired token");
    }

    [Test]
    public async Task Prepare_ReleaseFails_IsReportedAndStillRefuses()
    {
        var hold = new RecordingHold { Busy = "busy", ReleaseError = new CommandFailed("undrain: timeout") };

        Assert.That(await PowerOffHold.PrepareAsync(hold, "n1", CancellationToken.None), Is.False);
        Assert.That(hold.Calls[^1], Is.EqualTo("release failed n1: undrain: timeout"));
    }

    [Test]
    public void Prepare_AnErrorThatIsNotTheBatchSystems_IsNotSwallowed()
    {
        var hold = new RecordingHold { CheckError = new InvalidOperationException("a bug") };

        Assert.That(async () => await PowerOffHold.PrepareAsync(hold, "n1", CancellationToken.None), Throws.InvalidOperationException);
    }

    private sealed class CommandFailed(string message) : Exception(message);

    private sealed class OutputUnreadable(string message) : Exception(message);

    private sealed class RecordingHold : IPowerOffHold
    {
        public List<string> Calls { get; } = [];
        public string? Busy { get; init; }
        public Exception? HoldError { get; init; }
        public Exception? CheckError { get; init; }
        public Exception? ReleaseError { get; init; }
        public Action? OnCheck { get; init; }
        public CancellationToken ReleaseToken { get; private set; }

        public Task HoldAsync(string node, CancellationToken cancellationToken)
        {
            Calls.Add("hold " + node);
            return HoldError is null ? Task.CompletedTask : Task.FromException(HoldError);
        }

        public Task<string?> WhyBusyAsync(string node, CancellationToken cancellationToken)
        {
            Calls.Add("check " + node);
            OnCheck?.Invoke();
            cancellationToken.ThrowIfCancellationRequested();
            return CheckError is null ? Task.FromResult(Busy) : Task.FromException<string?>(CheckError);
        }

        public Task ReleaseAsync(string node, CancellationToken cancellationToken)
        {
            Calls.Add("release " + node);
            ReleaseToken = cancellationToken;
            return ReleaseError is null ? Task.CompletedTask : Task.FromException(ReleaseError);
        }

        public bool IsCommandFailure(Exception exception) => exception is CommandFailed;

        public bool IsUnreadableOutput(Exception exception) => exception is OutputUnreadable;

        public void OnHeld(string node) => Calls.Add("held " + node);

        public void OnHoldFailed(string node, string message) => Calls.Add($"hold failed {node}: {message}");

        public void OnStaysOn(string node, string reason) => Calls.Add($"stays on {node}: {reason}");

        public void OnReleaseFailed(string node, string message) => Calls.Add($"release failed {node}: {message}");
    }
}
