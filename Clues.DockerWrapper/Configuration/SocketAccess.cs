namespace Clues.DockerWrapper.Configuration;

/// <summary>Ownership and permissions given to the wrapper's unix socket; a null part is taken from the engine's socket.</summary>
/// <param name="Owner">User name or uid (<c>LISTEN_OWNER</c>).</param>
/// <param name="Group">Group name or gid (<c>LISTEN_GROUP</c>).</param>
/// <param name="Mode">Permission bits, octal in the configuration (<c>LISTEN_MODE</c>, such as 660).</param>
public sealed record SocketAccess(string? Owner, string? Group, UnixFileMode? Mode);
