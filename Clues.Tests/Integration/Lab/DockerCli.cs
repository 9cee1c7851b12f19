using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Clues.Tests.Integration.Lab;

/// <summary>Runs the real docker CLI against one endpoint (DOCKER_HOST), capturing output and exit code.</summary>
/// <param name="DockerHost">The DOCKER_HOST value, e.g. <c>unix:///tmp/x/docker.sock</c> or <c>tcp://127.0.0.1:8880</c>.</param>
public sealed record DockerCli(string DockerHost)
{
    /// <summary>Runs <c>docker args...</c>; never throws on a non-zero exit.</summary>
    public async Task<BufferedCommandResult> RunAsync(CancellationToken ct, params string[] args) =>
        await RunWithInputAsync(null, ct, args);

    /// <summary>Runs <c>docker args...</c> with <paramref name="stdin"/> piped in (then EOF).</summary>
    public async Task<BufferedCommandResult> RunWithInputAsync(string? stdin, CancellationToken ct, params string[] args)
    {
        var command = CliWrap.Cli.Wrap("docker").WithArguments(args).WithValidation(CommandResultValidation.None)
            .WithEnvironmentVariables(Environment());
        if (stdin is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromString(stdin));
        }
        return await command.ExecuteBufferedAsync(Encoding.UTF8, ct);
    }

    /// <summary>Runs <c>docker args...</c> and returns stdout; fails with stderr on a non-zero exit.</summary>
    public async Task<string> OutputAsync(CancellationToken ct, params string[] args)
    {
        var result = await RunAsync(ct, args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', args)} (DOCKER_HOST={DockerHost}) exited {result.ExitCode}: {result.StandardError}");
        }
        return result.StandardOutput;
    }

    /// <summary>The environment for the CLI: this endpoint, classic builder, no stray TLS settings.</summary>
    public IReadOnlyDictionary<string, string?> Environment() => new Dictionary<string, string?>
    {
        ["DOCKER_HOST"] = DockerHost,
        ["DOCKER_TLS_VERIFY"] = null,
        ["DOCKER_CERT_PATH"] = null,
        ["DOCKER_CONTEXT"] = null,
        ["DOCKER_BUILDKIT"] = "0",
        ["DOCKER_CLI_HINTS"] = "false",
    };
}
