using System.Text;
using Clues.Core.Api.XmlRpc;
using Microsoft.AspNetCore.Http;

namespace Clues.Host.Server;

/// <summary>The XML-RPC endpoint (<c>POST /</c> and <c>POST /RPC2</c>), as CLUES' server offered it.</summary>
internal sealed class XmlRpcEndpoint
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);
    private readonly CluesXmlRpcService _service;
    private readonly CluesApiServerOptions _options;
    private readonly ApiMetrics _metrics;

    public XmlRpcEndpoint(CluesXmlRpcService service, CluesApiServerOptions options, ApiMetrics metrics)
    {
        _service = service;
        _options = options;
        _metrics = metrics;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var started = _metrics.Start();
        XmlRpcResponse response;
        using (var body = await RequestBody.ReadAsync(context, _options.MaxRequestBodyBytes).ConfigureAwait(false))
        {
            if (body is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                response = new XmlRpcResponse(XmlRpcWriter.Fault(XmlRpcFaultCodes.RequestTooLarge,
                    $"request body larger than {_options.MaxRequestBodyBytes} bytes"), null, true);
            }
            else
            {
                response = await _service.HandleAsync(body, _options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
            }
        }
        context.Response.ContentType = "text/xml";
        var bytes = Utf8.GetBytes(response.Document);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        _metrics.Record("xmlrpc", response.MethodName ?? "(invalid)", response.IsFault, started);
    }
}
