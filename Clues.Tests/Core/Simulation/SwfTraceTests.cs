using System.IO.Compression;
using Clues.Core.Simulation;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Core.Simulation;

/// <summary>SWF workload logs read as simulator traces: the real KTH SP2 log, and small hostile inputs.</summary>
[TestFixture]
public sealed class SwfTraceTests
{
    private const string Header = "; Version: 2.2\n; MaxNodes: 4\n; MaxProcs: 16\n";

    private static SwfLoad Parse(string text, SwfOptions? options = null) =>
        SwfTrace.Parse(text.Split('\n'), "t.swf", options ?? new SwfOptions());

    private static string Job(int number, long submit, long runTime, int allocated, int requested = -1, long usedKb = -1, long requestedKb = -1) =>
        $"{number} {submit} 0 {runTime} {allocated} -1 {usedKb} {requested} 600 {requestedKb} 1 1 1 -1 -1 -1 -1 -1";

    [Test]
    public void Load_KthLog_ReadsEveryJobWithKnownSizeAndTheHeaderCluster()
    {
        var path = TestEnvironment.Fixture("traces", "KTH-SP2-1996-2.1-cln.swf.gz");
        var lines = ReadGzipLines(path).Where(l => l.Length > 0 && l[0] != ';').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        var load = SwfTrace.Load(path, new SwfOptions());

        var unknownSize = lines.Count(f => (f[4] == "-1" && f[7] == "-1") || f[3] == "-1");
        Assert.That(unknownSize, Is.Positive, "the log has a job of unknown size (27313)");
        Assert.That(load.Skipped, Is.EqualTo(unknownSize));
        Assert.That(load.Trace.Jobs, Has.Count.EqualTo(lines.Count - unknownSize));
        Assert.That(load.Trace.Nodes, Has.Count.EqualTo(100), "MaxNodes: 100");
        Assert.That(load.Trace.Nodes.Select(n => n.TotalCores).Distinct(), Is.EqualTo(new[] { 1.0 }), "MaxProcs / MaxNodes = 1");
        var first = load.Trace.Jobs[0];
        Assert.That((first.Time, first.Job.Name, first.Job.TaskCount, first.Job.Seconds, first.Job.Cores, first.Job.Memory),
            Is.EqualTo((double.Parse(lines[0][1]), $"job{lines[0][0]}", int.Parse(lines[0][4]), double.Parse(lines[0][3]), 1.0, 0.0)));
        Assert.That(load.Trace.Jobs.All(j => j.MakeRequest));
    }

    [Test]
    public void Load_KthWindow_ShiftsTimesAndKeepsOnlyJobsSubmittedInside()
    {
        var path = TestEnvironment.Fixture("traces", "KTH-SP2-1996-2.1-cln.swf.gz");
        var all = SwfTrace.Load(path, new SwfOptions()).Trace.Jobs;

        var window = SwfTrace.Load(path, new SwfOptions { From = 24 * 86_400, To = 26 * 86_400, Nodes = 10, Cores = 2, MemoryMb = 4096 }).Trace;

        var expected = all.Where(j => j.Time is >= 24 * 86_400 and < 26 * 86_400).ToList();
        Assert.That(window.Jobs.Select(j => (j.Job.Name, j.Time)), Is.EqualTo(expected.Select(j => (j.Job.Name, j.Time - 24 * 86_400))));
        Assert.That(window.Jobs, Is.Not.Empty);
        Assert.That(window.Nodes.Select(n => (n.Name, n.TotalCores, n.TotalMemory)).First(), Is.EqualTo(("node00", 2.0, 4096.0)));
        Assert.That(window.Nodes, Has.Count.EqualTo(10));
    }

    [Test]
    public void Parse_RequestedTime_Field9ElseTheRunTime()
    {
        var trace = Parse(Header + Job(1, 0, 10, 2) + "\n" + Job(2, 5, 30, 2).Replace(" 600 ", " -1 ")).Trace;

        Assert.That(trace.Jobs.Select(j => j.Job.RequestedSeconds), Is.EqualTo(new[] { 600.0, 30.0 }));
    }

    [Test]
    public void Parse_Memory_RequestedPerProcessorInMegabytesElseUsed()
    {
        var trace = Parse(Header + Job(1, 0, 10, 2, requestedKb: 2048, usedKb: 512) + "\n" + Job(2, 5, 10, 2, usedKb: 512) + "\n" + Job(3, 5, 10, 2)).Trace;

        Assert.That(trace.Jobs.Select(j => j.Job.Memory), Is.EqualTo(new[] { 2.0, 0.5, 0.0 }));
    }

    [Test]
    public void Parse_AllocatedUnknown_UsesRequestedProcessors()
    {
        var trace = Parse(Header + Job(1, 0, 10, -1, requested: 3)).Trace;

        Assert.That(trace.Jobs.Single().Job.TaskCount, Is.EqualTo(3));
    }

    [Test]
    public void Parse_NoHeader_NodesFromOptionsAndOneCore()
    {
        var trace = Parse(Job(1, 0, 10, 1), new SwfOptions { Nodes = 3 }).Trace;

        Assert.That(trace.Nodes.Select(n => (n.Name, n.TotalCores)), Is.EqualTo(new[] { ("node00", 1.0), ("node01", 1.0), ("node02", 1.0) }));
    }

    [Test]
    public void Parse_HeaderCores_MaxProcsPerNode()
    {
        Assert.That(Parse(Header).Trace.Nodes.Select(n => n.TotalCores), Is.EqualTo(new[] { 4.0, 4.0, 4.0, 4.0 }));
    }

    [TestCase("1 2 3", "t.swf:4: 3 fields, an SWF job line has 18")]
    [TestCase("1 0 0 10 x -1 -1 1 600 -1 1 1 1 -1 -1 -1 -1 -1", "t.swf:4: field 5 'x' is not a number")]
    [TestCase("1 0 0 10 NaN -1 -1 1 600 -1 1 1 1 -1 -1 -1 -1 -1", "t.swf:4: field 5 'NaN' is not a number")]
    [TestCase("1 0 0 1e999 1 -1 -1 1 600 -1 1 1 1 -1 -1 -1 -1 -1", "t.swf:4: field 4 '1e999' is not a number")]
    [TestCase("1 -5 0 10 1 -1 -1 1 600 -1 1 1 1 -1 -1 -1 -1 -1", "t.swf:4: field 2 (submit time) -5 is negative")]
    [TestCase("1 0 0 10 1.5 -1 -1 1 600 -1 1 1 1 -1 -1 -1 -1 -1", "t.swf:4: 1.5 processors is not a whole number")]
    [TestCase("1 0 0 10 1 -1 -1 1 600 -1 1 1 1 -1 -1 -1 -1 -1 19", "t.swf:4: 19 fields, an SWF job line has 18")]
    public void Parse_BadJobLine_NamesLineAndField(string line, string message)
    {
        Assert.That(() => Parse(Header + line), Throws.InstanceOf<FormatException>().With.Message.EqualTo(message));
    }

    [Test]
    public void Parse_DuplicateJobNumber_Fails()
    {
        Assert.That(() => Parse(Header + Job(7, 0, 10, 1) + "\n" + Job(7, 1, 10, 1)),
            Throws.InstanceOf<FormatException>().With.Message.EqualTo("t.swf:5: job number 7 appears twice"));
    }

    [TestCase("; MaxNodes: many", "t.swf:1: header MaxNodes 'many' is not a positive whole number")]
    [TestCase("; MaxProcs: -3", "t.swf:1: header MaxProcs '-3' is not a positive whole number")]
    public void Parse_BadHeaderValue_Fails(string header, string message)
    {
        Assert.That(() => Parse(header + "\n" + Job(1, 0, 10, 1), new SwfOptions { Nodes = 1 }),
            Throws.InstanceOf<FormatException>().With.Message.EqualTo(message));
    }

    [Test]
    public void Parse_NoMaxNodesAndNoNodeCount_Fails()
    {
        Assert.That(() => Parse(Job(1, 0, 10, 1)), Throws.InstanceOf<FormatException>().With.Message.Contains("MaxNodes").And.Message.Contains("--nodes"));
    }

    [Test]
    public void Parse_UnknownRunTimeOrSize_SkippedAndCounted()
    {
        var load = Parse(Header + Job(1, 0, -1, 2) + "\n" + Job(2, 0, 10, -1) + "\n" + Job(3, 0, 10, 0) + "\n" + Job(4, 0, 0, 1));

        Assert.That(load.Skipped, Is.EqualTo(3));
        Assert.That(load.Trace.Jobs.Select(j => j.Job.Name), Is.EqualTo(new[] { "job4" }), "a run time of 0 is known");
    }

    [Test]
    public void Load_GzipWithoutGzName_DetectedByContent()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("clues-swf-").FullName, "log.swf");
        try
        {
            using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            using (var writer = new StreamWriter(gz))
            {
                writer.Write(Header + Job(1, 3, 10, 2));
            }

            var load = SwfTrace.Load(path, new SwfOptions());

            Assert.That(load.Trace.Jobs.Single().Time, Is.EqualTo(3));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Test]
    public void Load_TruncatedGzip_Fails()
    {
        var source = TestEnvironment.Fixture("traces", "KTH-SP2-1996-2.1-cln.swf.gz");
        var path = Path.Combine(Directory.CreateTempSubdirectory("clues-swf-").FullName, "cut.swf.gz");
        try
        {
            File.WriteAllBytes(path, File.ReadAllBytes(source)[..1000]);

            Assert.That(() => SwfTrace.Load(path, new SwfOptions()), Throws.InstanceOf<FormatException>().Or.InstanceOf<InvalidDataException>().Or.InstanceOf<EndOfStreamException>());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private static List<string> ReadGzipLines(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        return reader.ReadToEnd().Split('\n').Select(l => l.Trim()).ToList();
    }
}
