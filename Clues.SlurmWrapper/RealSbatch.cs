using System.ComponentModel;
using System.Diagnostics;

namespace Clues.SlurmWrapper;

/// <summary>Runs the real sbatch with the wrapper's arguments; its output and error go straight to the wrapper's.</summary>
internal static class RealSbatch
{
    /// <summary>The exit code when the real sbatch cannot be started (the shell's "command not found").</summary>
    public const int NotStarted = 127;

    /// <summary>
    /// Runs <paramref name="path"/> with <paramref name="arguments"/>. Standard input is inherited, or, when
    /// <paramref name="script"/> is set (the wrapper already read the script from its own input), fed from it.
    /// </summary>
    /// <returns>sbatch's exit code.</returns>
    /// <exception cref="Win32Exception">The program cannot be started.</exception>
    public static async Task<int> RunAsync(string path, IReadOnlyList<string> arguments, byte[]? script, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(path) { UseShellExecute = false, RedirectStandardInput = script is not null };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new Win32Exception($"{path} did not start");
        if (script is not null)
        {
            var input = process.StandardInput.BaseStream;
            try
            {
                await input.WriteAsync(script, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // sbatch exited without reading its input; its exit code and message say why.
            }
            finally
            {
                process.StandardInput.Close();
            }
        }
        // Not killed on cancellation: a Ctrl+C reaches sbatch too (same process group), and it decides.
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return process.ExitCode;
    }
}
