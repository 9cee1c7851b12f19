using System.Text;
using Clues.DockerWrapper.Jobs;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Jobs;

public sealed class JobSpecParserTests
{
    private static JobSpec Parse(string json) => JobSpecParser.Parse(Encoding.UTF8.GetBytes(json));

    [TestCase("""{"NanoCpus": 1500000000}""", 1.5)]
    [TestCase("""{"CpuQuota": 50000, "CpuPeriod": 100000}""", 0.5)]
    [TestCase("""{"CpuQuota": 150000}""", 1.5)]
    [TestCase("""{"CpuQuota": 20000, "CpuPeriod": 10000}""", 2.0)]
    [TestCase("""{"CpuShares": 512}""", 0.5)]
    [TestCase("""{"NanoCpus": 2000000000, "CpuShares": 512}""", 2.0)]
    [TestCase("""{"NanoCpus": 0, "CpuQuota": 0, "CpuShares": 0}""", 0.0)]
    [TestCase("""{}""", 0.0)]
    public void Parse_CpuFields_GiveCpus(string hostConfig, double expected)
    {
        var spec = Parse($$"""{"Image":"i","HostConfig":{{hostConfig}}}""");

        Assert.That(spec.Cpus, Is.EqualTo(expected).Within(1e-9));
    }

    [TestCase("""{"Memory": 268435456}""", 268435456L)]
    [TestCase("""{"MemoryReservation": 134217728}""", 134217728L)]
    [TestCase("""{"Memory": 268435456, "MemoryReservation": 134217728}""", 134217728L)]
    [TestCase("""{"Memory": -1}""", 0L)]
    [TestCase("""{}""", 0L)]
    public void Parse_MemoryFields_GiveMemoryBytes(string hostConfig, long expected)
    {
        var spec = Parse($$"""{"Image":"i","HostConfig":{{hostConfig}}}""");

        Assert.That(spec.MemoryBytes, Is.EqualTo(expected));
    }

    [Test]
    public void Parse_TtyAndInteractive_AreRead()
    {
        var spec = Parse("""{"Image":"local/busybox:latest","Tty":true,"OpenStdin":true,"AttachStdin":true}""");

        Assert.That(spec.Image, Is.EqualTo("local/busybox:latest"));
        Assert.That(spec.Tty, Is.True);
        Assert.That(spec.InteractiveStdin, Is.True);
    }

    [TestCase("{\"Image\": ", "invalid JSON")]
    [TestCase("[1,2]", "invalid JSON")]
    [TestCase("""{"Cmd":["true"]}""", "no Image")]
    [TestCase("""{"Image":"  "}""", "no Image")]
    public void Parse_BadBody_ThrowsWithClearMessage(string body, string message)
    {
        Assert.That(() => Parse(body), Throws.TypeOf<JobSpecException>().With.Message.Contains(message));
    }
}
