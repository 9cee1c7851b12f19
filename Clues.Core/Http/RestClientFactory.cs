using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Clues.Core.Http;

/// <summary>
/// Builds the <see cref="HttpClient"/> of a REST backend from <see cref="RestClientOptions"/>: base address,
/// authentication, TLS trust and client certificate, timeouts. One setup for every REST plugin.
/// </summary>
public static class RestClientFactory
{
    /// <summary>
    /// A client for <paramref name="options"/>. <paramref name="observe"/>, if given, wraps the transport (a test or a
    /// benchmark counting bytes); the client owns and disposes the whole handler chain.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A certificate or key file cannot be read (the message names the file), or a header name is not one.
    /// </exception>
    public static HttpClient Create(RestClientOptions options, Func<HttpMessageHandler, HttpMessageHandler>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        HttpMessageHandler transport = CreateTransport(options);
        if (observe is not null)
        {
            transport = observe(transport);
        }
        var client = new HttpClient(new AuthorizationHandler(options) { InnerHandler = transport })
        {
            BaseAddress = options.BaseAddress,
            Timeout = options.Timeout,
        };
        foreach (var (name, value) in options.Headers)
        {
            if (!client.DefaultRequestHeaders.TryAddWithoutValidation(name, value))
            {
                client.Dispose();
                throw new ArgumentException($"'{name}' cannot be sent as a request header", nameof(options));
            }
        }
        return client;
    }

    /// <summary>The socket handler alone (TLS and connect timeout, no authentication), for a client library that builds its own pipeline.</summary>
    public static SocketsHttpHandler CreateTransport(RestClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            // Backends behind a load balancer change address; do not pin a connection forever.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
        if (options.ClientCertificateFile is { Length: > 0 } certFile)
        {
            handler.SslOptions.ClientCertificates = [LoadClientCertificate(certFile, options.ClientKeyFile)];
        }
        if (options.InsecureSkipVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (options.CaFile is { Length: > 0 } caFile)
        {
            var roots = LoadCertificates(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ChainsToOwnCa(certificate, errors, roots);
        }
        return handler;
    }

    private static bool ChainsToOwnCa(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        // The host name must still match; only the trust anchor changes.
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    private static X509Certificate2Collection LoadCertificates(string file)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException($"CA file {file} cannot be read as PEM certificates: {ex.Message}", nameof(file), ex);
        }
        return certificates.Count > 0 ? certificates
            : throw new ArgumentException($"CA file {file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)", nameof(file));
    }

    private static X509Certificate2 LoadClientCertificate(string certFile, string? keyFile)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certFile, string.IsNullOrEmpty(keyFile) ? null : keyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException(
                $"client certificate {certFile}{(string.IsNullOrEmpty(keyFile) ? "" : " with key " + keyFile)} cannot be read as PEM: {ex.Message}",
                nameof(certFile), ex);
        }
    }

    /// <summary>Adds the Authorization header; a token file is read for every request, so rotation needs no restart.</summary>
    private sealed class AuthorizationHandler(RestClientOptions options) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // A request that carries its own header keeps it, even one the typed property cannot parse (DC/OS' "token=…").
            if (!request.Headers.Contains("Authorization"))
            {
                request.Headers.Authorization = await HeaderAsync(cancellationToken).ConfigureAwait(false);
            }
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        private async Task<AuthenticationHeaderValue?> HeaderAsync(CancellationToken cancellationToken)
        {
            if (options.BearerToken is { Length: > 0 } token)
            {
                return new AuthenticationHeaderValue("Bearer", token);
            }
            if (options.BearerTokenFile is { Length: > 0 } file)
            {
                string text;
                try
                {
                    text = (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new RestApiException($"the token file {file} cannot be read: {ex.Message}", ex);
                }
                return text.Length > 0 ? new AuthenticationHeaderValue("Bearer", text)
                    : throw new RestApiException($"the token file {file} is empty");
            }
            if (options.UserName is { Length: > 0 } user)
            {
                var pair = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + options.Password));
                return new AuthenticationHeaderValue("Basic", pair);
            }
            return null;
        }
    }
}
