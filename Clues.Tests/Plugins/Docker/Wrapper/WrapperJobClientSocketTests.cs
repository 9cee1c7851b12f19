using CliWrap.Buffered;
using Clues.DockerWrapper.Configuration;
using Clues.Plugins.Docker.Wrapper;
using Clues.Tests.DockerWrapper.Integration;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Docker.Wrapper;

/// <summary>The plugin reading a real wrapper (in process, no engine) on its unix socket, as the default DOCKER_SERVER has it.</summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WrapperJobClientSocketTests
{
    [Test, CancelAfter(30_000)]
    public async Task GetJobsAsync_DockerServerIsTheWrappersSocket_ReadsTheQueuedJob(CancellationToken ct)
    {
        var socket = Path.Combine(Directory.CreateTempSubdirectory("clues-wrapper-plugin-").FullName, "run", "docker-wrapper.sock");
        var group = (await CliWrap.Cli.Wrap("id").WithArguments("-gn").ExecuteBufferedAsync(ct)).StandardOutput.Trim();
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var wrapper = await WrapperUnderTest.StartAsync("unix:///nonexistent/docker.sock", DispatchMode.Container, listen: "unix://" + socket,
            configure: o => o with { ListenAccess = new SocketAccess(Environment.UserName, group, ownerOnly) });
        using (var client = await RawHttpClient.ConnectAsync(wrapper.Endpoint, ct))
        {
            const string body = """{"Image":"busybox","Cmd":["true"]}""";
            await client.SendAsync($"POST /v1.41/containers/create?name=queued HTTP/1.1\r\nHost: x\r\nContent-Length: {body.Length}\r\n\r\n{body}", ct);
            Assert.That(await client.ReadResponseAsync(ct), Does.StartWith("HTTP/1.1 201 "));
            await client.SendAsync("POST /v1.41/containers/queued/start HTTP/1.1\r\nHost: x\r\n\r\n", ct);
            Assert.That(await client.ReadResponseAsync(ct), Does.StartWith("HTTP/1.1 204 "));
        }

        var jobs = await WrapperJobClient.Create(new Uri("unix://" + socket), out var http).GetJobsAsync(ct);
        http.Dispose();

        Assert.That(File.GetUnixFileMode(socket), Is.EqualTo(ownerOnly));
        Assert.That(jobs, Has.Count.EqualTo(1));
    }
}
