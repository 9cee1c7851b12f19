using Clues.Plugins.Docker.Machines;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Docker.Machines;

[TestFixture]
public sealed class MachineListTests
{
    [Test]
    public void Parse_FormatOutput_NameThenState()
    {
        var states = MachineList.Parse("worker-01 Running\nworker-02 Stopped\n\n");

        Assert.That(states, Is.EquivalentTo(new Dictionary<string, string> { ["worker-01"] = "Running", ["worker-02"] = "Stopped" }));
    }

    [Test]
    public void Parse_DefaultTable_UsesStateColumnAndKeepsEveryMachine()
    {
        const string table = """
            NAME        ACTIVE   DRIVER    STATE     URL                       SWARM   DOCKER     ERRORS
            manager     *        generic   Running   tcp://10.232.0.1:2375             v20.10.24
            worker-01   -        generic   Stopped                                     Unknown
            worker-02   -        generic   Error                                       Unknown    host down
            """;

        var states = MachineList.Parse(table);

        Assert.That(states["manager"], Is.EqualTo("Running"));
        Assert.That(states["worker-01"], Is.EqualTo("Stopped"));
        Assert.That(states["worker-02"], Is.EqualTo("Error"));
    }

    [Test]
    public void Parse_HeaderWithoutState_Throws()
    {
        Assert.That(() => MachineList.Parse("NAME URL\nx tcp://a\n"), Throws.InstanceOf<FormatException>());
    }
}
