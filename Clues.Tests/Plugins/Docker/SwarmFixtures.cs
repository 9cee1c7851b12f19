using System.Text.Json;
using System.Text.Json.Serialization;
using Clues.Tests.Common;
using Docker.DotNet.Models;

namespace Clues.Tests.Plugins.Docker;

/// <summary>
/// Engine API answers captured from a real lab Swarm (dockerd 20.10, manager "vm" drained, workers worker-01 and
/// worker-02, three replicated jobs reserving 1.5 CPU and 256 MiB: two running, one pending), under TestData/.
/// </summary>
internal static class SwarmFixtures
{
    // Docker.DotNet keeps its own serializer internal; the models read the same with string enums and
    // durations in nanoseconds.
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter(), new NanosecondsConverter() },
    };

    private sealed class NanosecondsConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TimeSpan.FromTicks(reader.GetInt64() / 100);

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.Ticks * 100);
    }

    public const string Worker01Id = "oruqynh35vnhhje9ez9f07u51";
    public const string Worker02Id = "qorl7bpxtu21qov1lhbmpnf1m";
    public const string PendingTaskId = "6ktmooiwqjczecxjw54d7vm65";
    public const string PendingServiceId = "w6uhypeef6uyt568pv67lm7p2";
    public const double NodeMemory = 25276502016;
    public const double JobMemory = 268435456;

    public static string PathOf(string name) =>
        Path.Combine(TestEnvironment.RepositoryRoot, "Clues.Tests", "Plugins", "Docker", "TestData", name);

    public static IList<NodeListResponse> Nodes(string name = "swarm-nodes-two-ready-workers.json") =>
        JsonSerializer.Deserialize<List<NodeListResponse>>(File.ReadAllText(PathOf(name)), Options)!;

    public static IList<TaskResponse> Tasks(string name = "swarm-tasks-two-running-one-pending.json") =>
        JsonSerializer.Deserialize<List<TaskResponse>>(File.ReadAllText(PathOf(name)), Options)!;
}
