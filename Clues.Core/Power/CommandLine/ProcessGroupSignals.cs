using System.Runtime.InteropServices;

namespace Clues.Core.Power.CommandLine;

/// <summary>Sends POSIX signals to a whole process group (what <c>kill -SIG -PGID</c> does).</summary>
internal static class ProcessGroupSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Signals every process of group <paramref name="processGroupId"/>; false when none was left.</summary>
    public static bool Signal(int processGroupId, int signal) =>
        OperatingSystem.IsWindows() ? false : Kill(-processGroupId, signal) == 0;

    /// <summary>True while at least one process of the group exists (signal 0 only probes).</summary>
    public static bool IsAlive(int processGroupId) => Signal(processGroupId, 0);

    // DllImport rather than LibraryImport: the latter needs unsafe code enabled for the whole assembly.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
