using Clues.Core.Model;

namespace Clues.Tests.Core.Requirements;

/// <summary>The spec's sample node for requirement tests (spec §2.11 examples), plus two keywords.</summary>
internal static class SampleNode
{
    /// <summary>hostname="wn1", queues=["all.q","gpu"], cpus=4, mem=2048, exclusive=false, load=2.5.</summary>
    public static IReadOnlyDictionary<string, KeywordValue> Keywords { get; } = new Dictionary<string, KeywordValue>
    {
        ["hostname"] = KeywordValue.Parse("wn1"),
        ["queues"] = KeywordValue.Parse("[all.q,gpu]"),
        ["cpus"] = KeywordValue.Parse("4"),
        ["mem"] = KeywordValue.Parse("2048"),
        ["exclusive"] = KeywordValue.Parse("false"),
        ["load"] = KeywordValue.Parse("2.5"),
    };
}
