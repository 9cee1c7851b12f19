namespace Clues.Host.Server;

/// <summary>The body of <c>POST /api/requests</c>: per-task cpu and memory, as <c>request_create</c> takes them.</summary>
internal sealed record CreateRequestJson(
    double Cpu, double Memory, int TaskCount = 1, string? Request = null, string? JobId = null, IReadOnlyList<string>? JobNodes = null);
