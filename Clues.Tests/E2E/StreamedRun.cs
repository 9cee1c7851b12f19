using System.Text;
using CliWrap;
using Clues.Tests.Integration.Lab;

namespace Clues.Tests.E2E;

/// <summary>
/// A <c>docker</c> command whose output lines are timestamped as they arrive, so a test can tell when the first line of
/// a job's output came back.
/// </summary>
internal sealed class StreamedRun
{
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    private StreamedRun(Task<int> exit, DateTimeOffset started)
    {
        Exit = exit;
        Started = started;
    }

    /// <summary>Completes with the exit code.</summary>
    public Task<int> Exit { get; }

    public DateTimeOffset Started { get; }

    /// <summary>When the first standard output line arrived, or null.</summary>
    public DateTimeOffset? FirstLine { get; private set; }

    public string StandardOutput { get { lock (_lock) { return _stdout.ToString(); } } }

    public string StandardError { get { lock (_lock) { return _stderr.ToString(); } } }

    public static StreamedRun Start(DockerCli cli, TimeProvider time, CancellationToken ct, params string[] args)
    {
        StreamedRun? run = null;
        var ready = new TaskCompletionSource();
        var command = CliWrap.Cli.Wrap("docker").WithArguments(args).WithValidation(CommandResultValidation.None)
            .WithEnvironmentVariables(cli.Environment())
            .WithStandardOutputPipe(PipeTarget.ToDelegate(async line =>
            {
                await ready.Task;
                run!.Add(line, stdout: true, time);
            }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(async line =>
            {
                await ready.Task;
                run!.Add(line, stdout: false, time);
            }));
        var started = time.GetLocalNow();
        var exit = command.ExecuteAsync(ct).Task.ContinueWith(t => t.Result.ExitCode, TaskScheduler.Default);
        run = new StreamedRun(exit, started);
        ready.SetResult();
        return run;
    }

    private void Add(string line, bool stdout, TimeProvider time)
    {
        lock (_lock)
        {
            if (stdout)
            {
                FirstLine ??= time.GetLocalNow();
                _stdout.AppendLine(line);
            }
            else
            {
                _stderr.AppendLine(line);
            }
        }
    }
}
