namespace Clues.DockerWrapper.Configuration;

/// <summary>The TCP listener's TLS: its certificate and the CA every client certificate must chain to (as dockerd's <c>--tlsverify</c>).</summary>
/// <param name="CaCertificate">PEM file of the CA that signs client certificates (<c>LISTEN_TLS_CACERT</c>, <c>--tlscacert</c>).</param>
/// <param name="Certificate">PEM file of the wrapper's server certificate (<c>LISTEN_TLS_CERT</c>, <c>--tlscert</c>).</param>
/// <param name="Key">PEM file of its private key (<c>LISTEN_TLS_KEY</c>, <c>--tlskey</c>).</param>
public sealed record ListenTls(string CaCertificate, string Certificate, string Key);
