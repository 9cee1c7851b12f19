using Clues.Plugins.Slurm;
using Clues.Tests.Common;

namespace Clues.Tests.Plugins.Slurm;

/// <summary>Slurm commands answered from a script (see <see cref="ScriptedCommandLines{TSelf}"/>).</summary>
internal sealed class ScriptedSlurmCommands : ScriptedCommandLines<ScriptedSlurmCommands>, ISlurmCommands
{
    protected override Exception Failure(string message) => new SlurmCommandException(message);
}
