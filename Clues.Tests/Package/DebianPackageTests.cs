using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Package;

/// <summary>
/// The Debian package of scripts/package-deb.sh, built once (the self-contained publish is the slow part) and
/// installed into empty roots: the programs, the configuration check, the units, a drop-in plugin, an upgrade over
/// an edited configuration, remove and purge, and lintian.
/// </summary>
[TestFixture]
[Category("Package")]
[NonParallelizable]
public sealed class DebianPackageTests
{
    private const string Version = "1.0.0-1";
    private string _work = null!;
    private string _publish = null!;
    private string _deb = null!;

    [OneTimeSetUp]
    public async Task BuildPackage()
    {
        TestEnvironment.RequireRoot();
        TestEnvironment.RequireProgram("dpkg-deb");
        TestEnvironment.RequireProgram("unshare");
        _work = Directory.CreateTempSubdirectory("clues-deb-").FullName;
        _publish = Path.Combine(_work, "publish");
        _deb = await BuildAsync(Version);
    }

    [OneTimeTearDown]
    public void RemoveWork()
    {
        if (_work is not null)
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Test]
    public async Task Install_IntoAnEmptyRoot_PutsProgramsConfigurationUnitsAndAccountInPlace()
    {
        using var root = DebianRoot.Create();

        await root.InstallAsync(_deb);

        Assert.That(await root.QueryAsync("clues", "Status"), Is.EqualTo("install ok installed"));
        Assert.That(await root.QueryAsync("clues", "Version"), Is.EqualTo(Version));
        foreach (var program in Programs)
        {
            var link = new FileInfo(root.PathOf("usr/bin/" + program));
            Assert.That(link.LinkTarget, Is.EqualTo("../lib/clues/" + program), program);
            var mode = await DebianRoot.RunAsync("stat", ["--format=%a", root.PathOf("usr/lib/clues/" + program)]);
            Assert.That(mode.StandardOutput.Trim(), Is.EqualTo("755"), program);
        }
        Assert.That(File.ReadAllText(root.PathOf("etc/clues2/clues2.cfg")), Is.EqualTo(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "etc", "clues2.cfg"))));
        Assert.That(Directory.Exists(root.PathOf("etc/clues2/plugins")), "the plugin folder");
        var conffiles = await root.QueryAsync("clues", "Conffiles");
        Assert.That(conffiles, Does.Contain("/etc/clues2/clues2.cfg ").And.Contain("/etc/clues2/conf.d/plugin-docker.cfg ").And.Contain("/etc/logrotate.d/clues-host "));
        Assert.That(File.Exists(root.PathOf("lib/systemd/system/clues-host.service")) && File.Exists(root.PathOf("lib/systemd/system/docker-wrapper.service")));
        Assert.That(Programs.Where(p => !File.Exists(root.PathOf($"usr/share/man/man1/{p}.1.gz"))), Is.Empty, "a man page for each program");

        // postinst made the account (no shell, home = the state folder) and the state and log folders, its own.
        var account = File.ReadAllLines(root.PathOf("etc/passwd")).Single(l => l.StartsWith("clues:", StringComparison.Ordinal)).Split(':');
        Assert.That(account[5..], Is.EqualTo(new[] { "/var/lib/clues2", "/usr/sbin/nologin" }));
        Assert.That(int.Parse(account[2], System.Globalization.CultureInfo.InvariantCulture), Is.LessThan(1000), "a system account");
        foreach (var folder in new[] { "var/lib/clues2", "var/log/clues2" })
        {
            var owner = await DebianRoot.RunAsync("stat", ["--format=%u %a", root.PathOf(folder)]);
            Assert.That(owner.StandardOutput.Trim(), Is.EqualTo(account[2] + " 750"), folder);
        }
    }

    /// <summary>What the package puts on the PATH: the daemon, the CLI, the Docker proxy and the job wrappers.</summary>
    private static readonly string[] Programs =
        ["clues-host", "clues", "docker-wrapper", "clues-slurm-wrapper", "clues-sge-wrapper", "clues-pbs-wrapper", "clues-one-wrapper"];

    [TestCase("clues-host", "usage: clues-host [run] [--config PATH]")]
    [TestCase("clues", "Usage: clues [-h] [status|")]
    [TestCase("docker-wrapper", "usage: docker-wrapper [--config PATH]")]
    public async Task InstalledProgram_Help_PrintsItsUsage(string program, string usage)
    {
        using var root = DebianRoot.Create();
        await root.InstallAsync(_deb);

        var result = await DebianRoot.RunAsync(root.PathOf("usr/bin/" + program), ["--help"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError);
        Assert.That(result.StandardOutput, Does.Contain(usage));
    }

    // The job wrappers, run as the system runs them: with the installed configuration.
    [TestCase("clues-sge-wrapper", "usage: clues-sge-wrapper\nA Grid Engine job submission verifier (JSV)")]
    [TestCase("clues-pbs-wrapper", "usage: clues-pbs-wrapper [QSUB ARGUMENTS] < SCRIPT\nA Torque qsub submit filter")]
    [TestCase("clues-one-wrapper", "usage: clues-one-wrapper [--config FILE] <base64 VM document>\nAn OpenNebula VM-create hook")]
    public async Task InstalledJobWrapper_Help_NamesItselfAndWhatItIs(string program, string usage)
    {
        using var root = DebianRoot.Create();
        await root.InstallAsync(_deb);

        var result = await root.RunInstalledAsync(program, "--help");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError);
        Assert.That(result.StandardOutput, Does.StartWith(usage));
    }

    [Test]
    public async Task InstalledSlurmWrapper_PassesSbatchsOwnHelpToTheRealSbatch_AndNamesItselfWhenThereIsNone()
    {
        // --help is sbatch's own option: the wrapper runs the real sbatch ([SLURM_WRAPPER] SBATCH) with it, unannounced.
        using var root = DebianRoot.Create();
        await root.InstallAsync(_deb);
        var sbatch = root.PathOf("usr/local/bin/sbatch.real");
        Directory.CreateDirectory(Path.GetDirectoryName(sbatch)!);
        File.WriteAllText(sbatch, "#!/bin/sh\necho \"the real sbatch, given: $*\"\n");
        Assert.That((await DebianRoot.RunAsync("chmod", ["755", sbatch])).ExitCode, Is.Zero);
        var config = root.PathOf("etc/clues2/conf.d/slurm-wrapper.cfg");
        File.WriteAllText(config, $"[SLURM_WRAPPER]\nSBATCH={sbatch}\n");

        var passed = await root.RunInstalledAsync("clues-slurm-wrapper", "--help");

        Assert.That(passed.ExitCode, Is.EqualTo(0), passed.StandardError);
        Assert.That(passed.StandardOutput, Is.EqualTo("the real sbatch, given: --help\n"));

        File.Delete(sbatch);
        var missing = await root.RunInstalledAsync("clues-slurm-wrapper", "--help");

        Assert.That(missing.ExitCode, Is.Not.EqualTo(0));
        Assert.That(missing.StandardError, Does.StartWith($"clues-slurm-wrapper: cannot run the real sbatch {sbatch} ([SLURM_WRAPPER] SBATCH)"));
    }

    [Test]
    public async Task Check_OnTheInstalledConfiguration_FindsItWhereTheDaemonLooksAndIsValid()
    {
        using var root = DebianRoot.Create();
        await root.InstallAsync(_deb);

        var result = await root.RunInstalledAsync("clues-host", "check");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardOutput + result.StandardError);
        Assert.That(result.StandardOutput, Does.Contain("  /etc/clues2/clues2.cfg\n").And.Contain("  /etc/clues2/conf.d/plugin-docker.cfg\n"));
        Assert.That(result.StandardOutput, Does.Contain("Plugin assemblies: none in /etc/clues2/plugins"));
        Assert.That(result.StandardOutput, Does.EndWith("Configuration is valid.\n"));
    }

    [Test]
    public async Task Check_AfterAPluginAssemblyIsDroppedIntoThePluginFolder_ListsItsParts()
    {
        using var root = DebianRoot.Create();
        await root.InstallAsync(_deb);
        var plugin = Path.Combine(AppContext.BaseDirectory, "Clues.Tests.FilePlugin.dll");
        File.Copy(plugin, root.PathOf("etc/clues2/plugins/Clues.Tests.FilePlugin.dll"));

        var result = await root.RunInstalledAsync("clues-host", "check");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardOutput + result.StandardError);
        Assert.That(result.StandardOutput, Does.Contain("Plugin assemblies in /etc/clues2/plugins ([general] PLUGIN_DIR):\n  Clues.Tests.FilePlugin.dll: "));
        // Each part under the name that selects it best: the plugin's CLUES-style alias.
        Assert.That(result.StandardOutput, Does.Contain(": LRMS plugin tests.file, power manager tests.filepower\n"));
    }

    [Test]
    public async Task Units_PassSystemdAnalyzeVerify()
    {
        TestEnvironment.RequireProgram("systemd-analyze");
        using var root = DebianRoot.Create();
        await root.InstallAsync(_deb);
        // verify --root needs the standard targets (sysinit.target, ...): this machine's, mounted read-only into the
        // root's /usr/lib/systemd/system for the verification only. Man pages are looked up on this machine, where
        // the package is not installed, hence --man=no.
        var vendorUnits = root.PathOf("usr/lib/systemd/system");
        Directory.CreateDirectory(vendorUnits);

        var result = await DebianRoot.RunAsync("unshare", ["--mount", "--propagation", "private", "sh", "-c",
            "mount --bind -o ro /lib/systemd/system \"$0\" && exec systemd-analyze verify --man=no --root=\"$1\" clues-host.service docker-wrapper.service",
            vendorUnits, root.Path]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardOutput + result.StandardError);
        Assert.That(result.StandardError, Is.Empty);
    }

    [Test]
    public async Task Upgrade_OverAnEditedConfiguration_KeepsTheEditAndTheDatabases()
    {
        var newer = await BuildAsync("1.0.1-1");
        using var root = DebianRoot.Create();
        await root.InstallAsync(_deb);
        var config = root.PathOf("etc/clues2/clues2.cfg");
        var edited = File.ReadAllText(config).Replace("CLUES_SECRET_TOKEN=change-me-8e0eadc543ee", "CLUES_SECRET_TOKEN=operator-secret", StringComparison.Ordinal);
        Assert.That(edited, Is.Not.EqualTo(File.ReadAllText(config)), "the shipped configuration has the token this test edits");
        File.WriteAllText(config, edited);
        File.WriteAllText(root.PathOf("var/lib/clues2/clues.db"), "the operator's database");

        await root.InstallAsync(newer);

        Assert.That(await root.QueryAsync("clues", "Version"), Is.EqualTo("1.0.1-1"));
        Assert.That(File.ReadAllText(config), Is.EqualTo(edited));
        Assert.That(root.Entries().Where(e => e.EndsWith(".dpkg-dist", StringComparison.Ordinal) || e.EndsWith(".dpkg-new", StringComparison.Ordinal)), Is.Empty);
        Assert.That(File.ReadAllText(root.PathOf("var/lib/clues2/clues.db")), Is.EqualTo("the operator's database"));
    }

    [Test]
    public async Task RemoveThenPurge_RemoveKeepsConfigurationAndDatabases_PurgeLeavesOnlyTheAccount()
    {
        using var root = DebianRoot.Create();
        var before = root.Entries();
        await root.InstallAsync(_deb);
        File.WriteAllText(root.PathOf("var/lib/clues2/clues.db"), "state");
        File.WriteAllText(root.PathOf("var/log/clues2/clues2.log"), "log");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Clues.Tests.FilePlugin.dll"), root.PathOf("etc/clues2/plugins/Clues.Tests.FilePlugin.dll"));

        var remove = await root.DpkgAsync("--remove", "clues");

        Assert.That(remove.ExitCode, Is.EqualTo(0), remove.StandardOutput + remove.StandardError);
        Assert.That(await root.QueryAsync("clues", "Status"), Is.EqualTo("deinstall ok config-files"));
        Assert.That(Directory.Exists(root.PathOf("usr/lib/clues")), Is.False, "the programs");
        Assert.That(File.Exists(root.PathOf("usr/bin/clues-host")) || File.Exists(root.PathOf("lib/systemd/system/clues-host.service")), Is.False);
        Assert.That(File.Exists(root.PathOf("etc/clues2/clues2.cfg")), "the configuration stays");
        Assert.That(File.Exists(root.PathOf("etc/clues2/plugins/Clues.Tests.FilePlugin.dll")), "the operator's plugin stays");
        Assert.That(File.ReadAllText(root.PathOf("var/lib/clues2/clues.db")), Is.EqualTo("state"));

        var purge = await root.DpkgAsync("--purge", "clues");

        Assert.That(purge.ExitCode, Is.EqualTo(0), purge.StandardOutput + purge.StandardError);
        Assert.That(await root.QueryAsync("clues", "Status"), Is.Empty.Or.EqualTo("unknown ok not-installed"));
        // Left: dpkg's own records, the account (Debian keeps system accounts: see postrm) and /var/log, which every
        // system has and this empty root got from postinst.
        var left = root.Entries().Except(before)
            .Where(e => !e.StartsWith("var/lib/dpkg/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        Assert.That(left, Is.SubsetOf(new[] { "etc", "etc/passwd", "etc/group", "etc/shadow", "etc/gshadow", "etc/.pwd.lock", "etc/passwd-", "etc/group-", "etc/shadow-", "etc/gshadow-", "var/log" }));
        Assert.That(File.ReadAllText(root.PathOf("etc/passwd")), Does.Contain("clues:"));
    }

    [Test]
    public async Task Lintian_ReportsNoErrors()
    {
        TestEnvironment.RequireProgram("lintian");

        var result = await DebianRoot.RunAsync("lintian", ["--tag-display-limit", "0", _deb]);

        TestContext.Out.WriteLine(result.StandardOutput);
        // lintian exits 1 when it reports an error (--fail-on error, its default) and 2 when it could not check.
        Assert.That(result.StandardOutput.Split('\n').Where(l => l.StartsWith("E:", StringComparison.Ordinal)), Is.Empty);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError);
    }

    private async Task<string> BuildAsync(string version)
    {
        var script = Path.Combine(TestEnvironment.RepositoryRoot, "scripts", "package-deb.sh");
        var result = await DebianRoot.RunAsync(script, ["--version", version, "--output", Path.Combine(_work, "out"), "--published", _publish],
            timeout: TimeSpan.FromMinutes(45)); // seven self-contained programs, on a machine that may be busy
        Assert.That(result.ExitCode, Is.EqualTo(0), $"package-deb.sh failed: {result.StandardError}");
        var deb = result.StandardOutput.Trim().Split('\n')[^1];
        Assert.That(deb, Does.EndWith($"clues_{version}_amd64.deb").Or.EndWith($"clues_{version}_arm64.deb"));
        return deb;
    }
}
