namespace Clues.DockerWrapper.Configuration;

/// <summary>Where the Docker engine (or Swarm manager) behind the wrapper listens.</summary>
/// <param name="UnixPath">The unix socket path, or null for TCP.</param>
/// <param name="Host">TCP host name or address (TCP only).</param>
/// <param name="Port">TCP port (TCP only).</param>
/// <param name="Tls">Use TLS, verifying the server against <c>ca.pem</c> in <paramref name="CertPath"/>.</param>
/// <param name="CertPath">Folder with <c>ca.pem</c>, <c>cert.pem</c>, <c>key.pem</c> (docker-machine layout).</param>
public sealed record UpstreamEndpoint(string? UnixPath, string Host, int Port, bool Tls, string? CertPath)
{
    /// <summary>Parses a DOCKER_HOST-style address: <c>unix:///path</c>, <c>tcp://host:port</c>, <c>host:port</c>.</summary>
    /// <exception cref="FormatException">The address is none of these.</exception>
    public static UpstreamEndpoint Parse(string address, bool tls, string? certPath)
    {
        if (address.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = address["unix://".Length..];
            if (path.Length == 0)
            {
                throw new FormatException($"'{address}' has no socket path");
            }
            return new UpstreamEndpoint(path, "", 0, false, null);
        }
        var hostPort = address.StartsWith("tcp://", StringComparison.Ordinal) ? address["tcp://".Length..] : address;
        hostPort = hostPort.TrimEnd('/');
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], out var port) || port is <= 0 or > 65535)
        {
            throw new FormatException($"'{address}' is not unix:///path or tcp://host:port");
        }
        return new UpstreamEndpoint(null, hostPort[..colon].Trim('[', ']'), port, tls, certPath);
    }

    /// <inheritdoc />
    public override string ToString() =>
        UnixPath is not null ? "unix://" + UnixPath : $"{(Tls ? "tcp+tls" : "tcp")}://{Host}:{Port}";
}
