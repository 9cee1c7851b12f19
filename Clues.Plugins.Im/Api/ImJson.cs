using System.Text.Json.Serialization;

namespace Clues.Plugins.Im.Api;

/// <summary>IM's list of resources: <c>{"uri-list": [{"uri": "..."}]}</c>.</summary>
internal sealed record ImUriList([property: JsonPropertyName("uri-list")] IReadOnlyList<ImUri?>? UriList);

/// <summary>One entry of <see cref="ImUriList"/>.</summary>
internal sealed record ImUri([property: JsonPropertyName("uri")] string? Uri);

/// <summary>The answer of <c>GET &lt;inf&gt;/tosca</c>: <c>{"tosca": "&lt;template&gt;"}</c>.</summary>
internal sealed record ImTosca([property: JsonPropertyName("tosca")] string? Tosca);

[JsonSerializable(typeof(ImUriList))]
[JsonSerializable(typeof(ImTosca))]
[JsonSourceGenerationOptions(MaxDepth = 16)]
internal sealed partial class ImJsonContext : JsonSerializerContext;
