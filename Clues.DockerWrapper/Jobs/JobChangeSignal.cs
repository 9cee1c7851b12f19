namespace Clues.DockerWrapper.Jobs;

/// <summary>Wakes whoever waits for a job to change (wait, attach, logs, the dispatcher).</summary>
internal sealed class JobChangeSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next <see cref="Notify"/>.</summary>
    public Task NextAsync()
    {
        lock (_lock)
        {
            return _next.Task;
        }
    }

    public void Notify()
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            done = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        done.TrySetResult();
    }
}
