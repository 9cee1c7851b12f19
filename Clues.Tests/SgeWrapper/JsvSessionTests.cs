using Clues.SgeWrapper;
using NUnit.Framework;

namespace Clues.Tests.SgeWrapper;

/// <summary>The JSV protocol against scripted conversations in the form jsv(1) describes (and real qsub speaks:
/// see the E2E/Sge tests): every job is answered, and accepted unchanged.</summary>
[TestFixture]
public sealed class JsvSessionTests
{
    private static async Task<(string Output, List<Dictionary<string, string>> Jobs)> ConverseAsync(string input,
        Func<IReadOnlyDictionary<string, string>, IReadOnlyList<string>>? onJob = null)
    {
        var jobs = new List<Dictionary<string, string>>();
        using var output = new StringWriter();
        await new JsvSession(new StringReader(input), output).RunAsync((parameters, _) =>
        {
            jobs.Add(new Dictionary<string, string>(parameters));
            return Task.FromResult(onJob?.Invoke(parameters) ?? []);
        }, CancellationToken.None);
        return (output.ToString(), jobs);
    }

    [Test]
    public async Task OneJob_IsStartedThenAcceptedWithItsParameters()
    {
        var (output, jobs) = await ConverseAsync("""
            START
            PARAM VERSION 1.0
            PARAM CONTEXT client
            PARAM CLIENT qsub
            PARAM CMDARGS 1
            PARAM pe_name smp
            PARAM l_hard h_vmem=1G,hostname=sgelab2
            PARAM N my job name
            ENV ADD HOME /root
            BEGIN

            """.ReplaceLineEndings("\n"));

        Assert.That(output, Is.EqualTo("STARTED\nRESULT STATE ACCEPT\n"));
        Assert.That(jobs, Has.Count.EqualTo(1));
        Assert.That(jobs[0]["pe_name"], Is.EqualTo("smp"));
        Assert.That(jobs[0]["N"], Is.EqualTo("my job name"), "a value keeps its spaces");
        Assert.That(jobs[0]["l_hard"], Is.EqualTo("h_vmem=1G,hostname=sgelab2"));
    }

    [Test]
    public async Task ServerJsv_ServesEveryJobUntilQuit()
    {
        // FIX: CLUES' wrapper answered one job and exited, which a server JSV (jsv_url) cannot use.
        var (output, jobs) = await ConverseAsync("START\nPARAM N a\nBEGIN\nSTART\nPARAM N b\nBEGIN\nQUIT\nSTART\nBEGIN\n");

        Assert.That(output, Is.EqualTo("STARTED\nRESULT STATE ACCEPT\nSTARTED\nRESULT STATE ACCEPT\n"));
        Assert.That(jobs.Select(j => j["N"]), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task AnnouncementProblems_AreLoggedAndTheJobIsStillAccepted()
    {
        var (output, _) = await ConverseAsync("START\nBEGIN\n", _ => ["CLUES at http://x/RPC2 did not answer\nwithin 5 s"]);

        Assert.That(output, Is.EqualTo("STARTED\nLOG WARNING CLUES at http://x/RPC2 did not answer within 5 s\nRESULT STATE ACCEPT\n"));
    }

    [Test]
    public async Task ACallbackThatThrows_StillEndsInAccept()
    {
        var (output, _) = await ConverseAsync("START\nBEGIN\n", _ => throw new InvalidOperationException("boom"));

        Assert.That(output, Is.EqualTo("STARTED\nLOG WARNING clues-sge-wrapper: boom\nRESULT STATE ACCEPT\n"));
    }

    [TestCase("PARAM N early\nBEGIN\n", "")]
    [TestCase("GARBAGE\n\n\r\nSTART\r\nPARAM\nPARAM  \nBEGIN\r\n", "STARTED\nRESULT STATE ACCEPT\n")]
    [TestCase("START\nPARAM N half a job", "STARTED\n")]
    [TestCase("", "")]
    public async Task HostileOrTruncatedInput_NeverCrashesAndAnswersOnlyRealJobs(string input, string expected)
    {
        var (output, _) = await ConverseAsync(input);

        Assert.That(output, Is.EqualTo(expected));
    }

    [Test]
    public async Task AHugeLine_IsCut()
    {
        var (output, jobs) = await ConverseAsync("START\nPARAM N " + new string('x', 1_000_000) + "\nBEGIN\n");

        Assert.That(output, Is.EqualTo("STARTED\nRESULT STATE ACCEPT\n"));
        Assert.That(jobs[0]["N"].Length, Is.LessThan(JsvSession.MaxLineLength));
    }
}
