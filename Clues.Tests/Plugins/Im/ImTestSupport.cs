using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Plugins.Im;
using Clues.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Clues.Tests.Plugins.Im;

/// <summary>A temporary folder with CLUES' auth.dat fixture and a database file, and plugins wired to a <see cref="FakeImServer"/>.</summary>
internal sealed class ImTestSupport : IDisposable
{
    /// <summary>The header CLUES' auth.dat becomes (its lines joined by the two characters \n).</summary>
    public static string FixtureHeader => File.ReadAllText(AuthFixture).ReplaceLineEndings("\\n");

    public static string AuthFixture => TestEnvironment.Fixture("clues-test-files", "auth.dat");

    public ImTestSupport()
    {
        Folder = Path.Combine(Path.GetTempPath(), "clues-im-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        AuthFile = Path.Combine(Folder, "auth.dat");
        File.Copy(AuthFixture, AuthFile);
    }

    public string Folder { get; }

    public string AuthFile { get; }

    public string DatabaseFile => Path.Combine(Folder, "clues.db");

    /// <summary>The test clock, at t=100 s like CLUES' tests' <c>now</c>.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(100));

    public FakeCluesSystem Cluster { get; } = new();

    public ImOptions Options(FakeImServer server, bool configuredInfrastructure = true) => new()
    {
        RestApi = server.Address,
        AuthFile = AuthFile,
        DatabaseFile = DatabaseFile,
        InfrastructureId = configuredInfrastructure ? FakeImServer.InfrastructureId : null,
        RequestTimeout = TimeSpan.FromSeconds(30),
    };

    public ImPowerManager Plugin(ImOptions options)
    {
        var plugin = new ImPowerManager(options, null, NullLogger.Instance, Time);
        plugin.Attach(Cluster);
        return plugin;
    }

    public ImPowerManager Plugin(FakeImServer server, bool configuredInfrastructure = true) => Plugin(Options(server, configuredInfrastructure));

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>The daemon's view of the nodes, scripted.</summary>
internal sealed class FakeCluesSystem : ICluesSystem
{
    public List<NodeView> Nodes { get; } = [];

    public void Set(params NodeView[] nodes)
    {
        Nodes.Clear();
        Nodes.AddRange(nodes);
    }

    public IReadOnlyList<NodeView> GetNodes() => Nodes.ToList();
}
