using NUnit.Framework;

namespace Clues.Tests.Common;

/// <summary>
/// Where the tests find what they need outside the project (the shared fixtures, root, docker), and one way of
/// saying loudly that something is missing: locally the test is reported Inconclusive with the reason; under CI
/// (<c>CI=true</c>) it fails, so a green CI run never hides a test that did not run.
/// </summary>
public static class TestEnvironment
{
    /// <summary>True when running under CI (<c>CI=true</c>).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The repository root (the folder holding Clues.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared fixtures folder (<c>../shared/fixtures</c> next to the repository).</summary>
    public static string FixturesDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "fixtures"));

    /// <summary>The path of a shared fixture; fails (CI) or is inconclusive (locally) when it is missing.</summary>
    public static string Fixture(params string[] relativePath)
    {
        var path = Path.Combine([FixturesDirectory, .. relativePath]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Missing($"shared fixture '{path}' not found: the tests expect ../shared/fixtures next to the repository");
        }
        return path;
    }

    /// <summary>Requires the tests to run as root (network namespaces, dockerd).</summary>
    public static void RequireRoot()
    {
        if (Environment.UserName != "root")
        {
            Missing("this test needs root (it starts dockerd and network namespaces)");
        }
    }

    /// <summary>Requires a program on PATH.</summary>
    public static string RequireProgram(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        Missing($"this test needs '{name}' on PATH (install it as .ci/run does)");
        return name;
    }

    /// <summary>Reports a missing prerequisite: a failure under CI, inconclusive with the reason otherwise.</summary>
    public static void Missing(string reason)
    {
        var message = "NOT RUN: " + reason;
        TestContext.Progress.WriteLine(message);
        if (IsCi)
        {
            Assert.Fail(message);
        }
        Assert.Inconclusive(message);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clues.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Clues.sln not found above " + AppContext.BaseDirectory);
    }
}
