using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Clues.Tests.Package;

/// <summary>
/// An empty system root in a temporary folder that dpkg installs into (<c>dpkg --root</c>). The maintainer scripts
/// run on this machine with <c>DPKG_ROOT</c> set (<c>--force-script-chrootless</c>): the root has no shell or
/// libraries to chroot into, and the package's scripts honour <c>DPKG_ROOT</c>.
/// </summary>
internal sealed class DebianRoot : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    private DebianRoot(string path) => Path = path;

    /// <summary>The root folder.</summary>
    public string Path { get; }

    /// <summary>Creates an empty root with a dpkg database and nothing installed.</summary>
    public static DebianRoot Create()
    {
        var root = new DebianRoot(Directory.CreateTempSubdirectory("clues-debroot-").FullName);
        Directory.CreateDirectory(root.PathOf("var/lib/dpkg/info"));
        Directory.CreateDirectory(root.PathOf("var/lib/dpkg/updates"));
        File.WriteAllText(root.PathOf("var/lib/dpkg/status"), "");
        File.WriteAllText(root.PathOf("var/lib/dpkg/available"), "");
        return root;
    }

    /// <summary>The path in this root of an absolute path of the installed system.</summary>
    public string PathOf(string path) => System.IO.Path.Combine(Path, path.TrimStart('/'));

    /// <summary>
    /// Runs dpkg on this root. Dependencies are not installed in an empty root (libc, OpenSSL), hence
    /// <c>--force-depends</c>; the programs run on this machine's libraries.
    /// </summary>
    public Task<BufferedCommandResult> DpkgAsync(params string[] args) =>
        RunAsync("dpkg", ["--root=" + Path, "--force-script-chrootless", "--force-depends", .. args]);

    /// <summary>Installs a package and fails with dpkg's output when it does not install.</summary>
    public async Task InstallAsync(string deb)
    {
        var result = await DpkgAsync("--install", deb);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dpkg --install {deb} exited {result.ExitCode}: {result.StandardOutput}{result.StandardError}");
        }
    }

    /// <summary>A package's field in this root's dpkg database (<c>dpkg-query -W -f '${Field}'</c>).</summary>
    public async Task<string> QueryAsync(string package, string field) =>
        (await RunAsync("dpkg-query", ["--root=" + Path, "--show", "--showformat=${" + field + "}", package])).StandardOutput;

    /// <summary>
    /// Runs an installed program as the system would see it: in a mount namespace of its own where this root's
    /// /etc is the machine's /etc, so the program's built-in paths (/etc/clues2/clues2.cfg, PLUGIN_DIR) are the
    /// installed ones; the working folder is the units' (/var/lib/clues2) and HOME is the account's (none), so no
    /// ./etc or ~/clues2/etc of the test run is read. Needs root.
    /// </summary>
    public Task<BufferedCommandResult> RunInstalledAsync(string program, params string[] args) =>
        RunAsync("unshare", ["--mount", "--propagation", "private", "sh", "-c", "mount --bind \"$0\" /etc && exec env HOME=/nonexistent \"$@\"",
            PathOf("etc"), PathOf("usr/bin/" + program), .. args], PathOf("var/lib/clues2"));

    /// <summary>Every file, link and folder under the root (relative paths), for before/after comparisons.</summary>
    public IReadOnlySet<string> Entries() =>
        Directory.EnumerateFileSystemEntries(Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(p => System.IO.Path.GetRelativePath(Path, p)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Runs a program, never throwing on a non-zero exit; a generous bound (3 minutes by default) stops a hang.</summary>
    public static async Task<BufferedCommandResult> RunAsync(string program, IEnumerable<string> args, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var command = CliWrap.Cli.Wrap(program).WithArguments(args).WithValidation(CommandResultValidation.None)
            .WithEnvironmentVariables(e => e.Set("LC_ALL", "C.UTF-8"));
        if (workingDirectory is not null)
        {
            command = command.WithWorkingDirectory(workingDirectory);
        }
        return await command.ExecuteBufferedAsync(Encoding.UTF8, cancel.Token);
    }

    public void Dispose()
    {
        // dpkg leaves folders read-only for others, never for root: a plain recursive delete works.
        Directory.Delete(Path, recursive: true);
    }
}
