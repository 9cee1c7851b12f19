using Clues.Plugins.Sge;
using Clues.Tests.Common;

namespace Clues.Tests.Plugins.Sge;

/// <summary>Grid Engine commands answered from a script (see <see cref="ScriptedCommandLines{TSelf}"/>).</summary>
internal sealed class ScriptedSgeCommands : ScriptedCommandLines<ScriptedSgeCommands>, ISgeCommands
{
    protected override Exception Failure(string message) => new SgeCommandException(message);
}
