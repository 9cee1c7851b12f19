namespace Clues.Tests.Integration.Lab;

/// <summary>
/// The /24 each real-cluster lab of the tests lives on (first three octets). Labs may stay up between fixtures and a
/// run may go through them in any order, so no two share a subnet; the defaults of the lab scripts are listed here too.
/// </summary>
internal static class LabSubnets
{
    /// <summary><c>lab/swarm-lab.sh</c>'s default: the elastic-Swarm guide's lab.</summary>
    public const string SwarmGuide = "10.231.0";

    /// <summary>The Docker plugins' Swarm lab (SwarmLabTests, /tmp/clues-lab-plugins).</summary>
    public const string DockerPlugins = "10.232.0";

    /// <summary><c>lab/slurm-lab.sh</c>'s default: the Slurm lab.</summary>
    public const string Slurm = "10.233.0";

    /// <summary><c>lab/sge-lab.sh</c>'s default: the Grid Engine lab.</summary>
    public const string Sge = "10.234.0";

    /// <summary>The elastic-Swarm end-to-end tests' lab.</summary>
    public const string ElasticSwarm = "10.235.0";

    /// <summary>The wrapper's Swarm-job integration tests' lab (SwarmJobsTests).</summary>
    public const string WrapperSwarm = "10.236.0";

    /// <summary>Every subnet above with what uses it.</summary>
    public static IReadOnlyList<(string Lab, string Subnet)> All { get; } =
    [
        (nameof(SwarmGuide), SwarmGuide), (nameof(DockerPlugins), DockerPlugins), (nameof(Slurm), Slurm),
        (nameof(Sge), Sge), (nameof(ElasticSwarm), ElasticSwarm), (nameof(WrapperSwarm), WrapperSwarm),
    ];
}
