namespace Clues.Core.Api.XmlRpc;

/// <summary>A parsed <c>methodCall</c>.</summary>
/// <param name="MethodName">The method name.</param>
/// <param name="Parameters">
/// The parameters as .NET values: <see cref="string"/>, <see cref="long"/> (for <c>int</c>, <c>i4</c> and
/// <c>i8</c>), <see cref="double"/>, <see cref="bool"/>, <see cref="byte"/>[] (<c>base64</c>),
/// <see cref="XmlRpcDateTime"/>, <c>IReadOnlyList&lt;object&gt;</c> (<c>array</c>) and
/// <c>IReadOnlyDictionary&lt;string, object&gt;</c> (<c>struct</c>).
/// </param>
public sealed record XmlRpcMethodCall(string MethodName, IReadOnlyList<object> Parameters);
