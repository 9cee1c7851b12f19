using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.JobWrappers;

/// <summary>
/// <c>--help</c> of the job wrappers whose callers never pass it (a Grid Engine JSV gets no arguments, a Torque
/// submit filter gets qsub's, which have no <c>--help</c>, an OpenNebula hook the VM document): the real program says
/// what it is and exits 0, without reading its input or calling CLUES. (<c>clues-slurm-wrapper --help</c> is
/// sbatch's and goes to the real sbatch.)
/// </summary>
[TestFixture]
public sealed class JobWrapperHelpTests
{
    [TestCase("clues-sge-wrapper.dll", "usage: clues-sge-wrapper\n", "jsv_url script:/usr/bin/clues-sge-wrapper")]
    [TestCase("clues-pbs-wrapper.dll", "usage: clues-pbs-wrapper [QSUB ARGUMENTS] < SCRIPT\n", "SUBMITFILTER /usr/bin/clues-pbs-wrapper")]
    [TestCase("clues-one-wrapper.dll", "usage: clues-one-wrapper [--config FILE] <base64 VM document>\n", "ARGUMENTS = \"$TEMPLATE\"")]
    public async Task Help_NamesTheProgramAndHowItIsInstalled(string dll, string firstLine, string installation)
    {
        // An unreachable CLUES: a wrapper that announced anything would say so on standard error.
        var environment = new Dictionary<string, string> { ["CLUES_SGE_WRAPPER_CONFIG"] = "/nonexistent", ["CLUES_PBS_WRAPPER_CONFIG"] = "/nonexistent", ["CLUES_ONE_WRAPPER_CONFIG"] = "/nonexistent" };

        var (code, output, errors) = await DotnetProgram.RunAsync(dll, Path.GetTempPath(), stdin: "", environment, CancellationToken.None, "--help");

        Assert.That(code, Is.Zero, errors);
        Assert.That(output, Does.StartWith(firstLine).And.Contain(installation));
        Assert.That(errors, Is.Empty, "nothing was read or announced");
    }
}
