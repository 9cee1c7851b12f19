using System.Text;
using System.Text.Json.Nodes;

namespace Clues.DockerWrapper.Proxy;

/// <summary>A whole (small) response of the engine to a call the wrapper makes itself.</summary>
internal sealed record UpstreamResponse(int Status, byte[] Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public JsonNode? Json() => Body.Length == 0 ? null : JsonNode.Parse(Body);

    /// <summary>The engine's error text (<c>{"message": ...}</c>) or the raw body.</summary>
    public string Message()
    {
        try
        {
            if (Json()?["message"]?.GetValue<string>() is { } message)
            {
                return message;
            }
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            // Not JSON: fall through to the raw text.
        }
        return $"HTTP {Status}: {Encoding.UTF8.GetString(Body).Trim()}";
    }
}
