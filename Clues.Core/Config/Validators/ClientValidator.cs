namespace Clues.Core.Config.Validators;

/// <summary>Checks <c>[client]</c>: server URL, timeouts and log level.</summary>
internal sealed class ClientValidator : ISectionValidator
{
    public string Section => ClientOptions.Section;

    public void Validate(CluesOptions options, CluesConfig config)
    {
        var o = options.Client;
        var check = new SectionChecks(config, Section);
        if (!Uri.TryCreate(o.XmlRpcUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            check.Fail("CLUES_XMLRPC", o.XmlRpcUrl, "an http:// or https:// URL (such as http://localhost:8000/RPC2)");
        }
        check.NonNegative("CLUES_REQUEST_WAIT_TIMEOUT", o.RequestWaitTimeout, "a timeout in seconds ≥ 0");
        check.Positive("CLUES_CONNECT_TIMEOUT", o.ConnectTimeout, "a timeout in seconds > 0");
        check.Positive("CLUES_CALL_TIMEOUT", o.CallTimeout, "a timeout in seconds > 0");
        check.LogLevel("LOG_LEVEL", o.LogLevel);
    }
}
