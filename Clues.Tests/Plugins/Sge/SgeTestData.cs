using Clues.Plugins.Sge;
using Clues.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Clues.Tests.Plugins.Sge;

/// <summary>The Grid Engine outputs the tests read (lab captures under TestData/, see its README) and the default commands.</summary>
internal static class SgeTestData
{
    public const string Hosts = "/usr/bin/qhost -xml -q";
    public const string Jobs = "/usr/bin/qstat -r -xml -u '*'";
    public const string HostGroups = "/usr/bin/qconf -shgrpl";
    public const string AllHosts = "/usr/bin/qconf -shgrp_resolved @allhosts";

    /// <summary>A lab capture (see TestData/README.md).</summary>
    public static string Lab(string name) =>
        File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "Clues.Tests", "Plugins", "Sge", "TestData", name));

    public static string Pe(string name) => "/usr/bin/qconf -sp " + name;

    public static string Disable(string host) => $"/usr/bin/qmod -d '*@{host}'";

    public static string Enable(string host) => $"/usr/bin/qmod -e '*@{host}'";

    /// <summary>Commands answering the host group listing as the lab does (@allhosts = sgelab1 sgelab2).</summary>
    public static ScriptedSgeCommands WithLabGroups() => new ScriptedSgeCommands()
        .On(HostGroups, Lab("lab-qconf-shgrpl.txt"))
        .On(AllHosts, Lab("lab-qconf-shgrp_resolved-allhosts.txt"));

    public static SgeLrmsPlugin Plugin(ScriptedSgeCommands commands, SgeLrmsOptions? options = null) =>
        new(options ?? new SgeLrmsOptions(), commands, NullLogger.Instance, new FakeTimeProvider());
}
