namespace Clues.SgeWrapper;

/// <summary>
/// The job-verifier side of Grid Engine's JSV protocol (jsv(1)) over a reader and a writer: for each job, answers
/// <c>START</c> with <c>STARTED</c>, collects the <c>PARAM name value</c> lines until <c>BEGIN</c>, hands them to the
/// job callback, then answers <c>RESULT STATE ACCEPT</c>: the job is never changed nor refused.
/// </summary>
/// <remarks>
/// FIX: CLUES' wrapper handled one job and then exited, which only works as a client JSV (<c>qsub -jsv</c>); a
/// server JSV (<c>jsv_url</c>) is one process for many jobs. This session serves jobs until <c>QUIT</c> or the end of
/// input. The callback's problems are reported as <c>LOG WARNING</c> lines, which the protocol allows, and never keep
/// the <c>RESULT</c> line from being sent (CLUES' wrapper printed a message instead, breaking the protocol).
/// </remarks>
internal sealed class JsvSession(TextReader input, TextWriter output)
{
    /// <summary>The longest line read; longer ones are cut (a job's parameters are short, a hostile peer's may not be).</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>Serves jobs until <c>QUIT</c> or the end of input.</summary>
    /// <param name="onJob">Called with each job's parameters; returns the warnings to log (empty when all went well).</param>
    /// <param name="cancellationToken">Stops the session between lines.</param>
    /// <returns>The number of jobs accepted.</returns>
    public async Task<int> RunAsync(Func<IReadOnlyDictionary<string, string>, CancellationToken, Task<IReadOnlyList<string>>> onJob,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onJob);
        var accepted = 0;
        Dictionary<string, string>? parameters = null;
        while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            var (command, rest) = Split(line);
            switch (command)
            {
                case "START":
                    parameters = new Dictionary<string, string>(StringComparer.Ordinal);
                    await SendAsync("STARTED").ConfigureAwait(false);
                    break;
                case "PARAM" when parameters is not null:
                    var (name, value) = Split(rest);
                    if (name.Length > 0)
                    {
                        parameters[name] = value;
                    }
                    break;
                case "BEGIN" when parameters is not null:
                    IReadOnlyList<string> warnings;
                    try
                    {
                        warnings = await onJob(parameters, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        warnings = ["clues-sge-wrapper: " + ex.Message];
                    }
                    foreach (var warning in warnings)
                    {
                        await SendAsync("LOG WARNING " + OneLine(warning)).ConfigureAwait(false);
                    }
                    await SendAsync("RESULT STATE ACCEPT").ConfigureAwait(false);
                    accepted++;
                    parameters = null;
                    break;
                case "QUIT":
                    return accepted;
                default:
                    // ENV lines, and anything this protocol version does not know, are not needed to accept a job.
                    break;
            }
        }
        return accepted;
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return line is { Length: > MaxLineLength } ? line[..MaxLineLength] : line;
    }

    private async Task SendAsync(string line)
    {
        await output.WriteAsync(line + "\n").ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }

    private static (string Head, string Tail) Split(string line)
    {
        var text = line.TrimEnd('\r');
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (text, "") : (text[..space], text[(space + 1)..]);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
