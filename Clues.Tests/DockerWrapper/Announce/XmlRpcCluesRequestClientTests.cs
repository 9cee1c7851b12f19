using System.Net;
using System.Text;
using Clues.Core.Api.XmlRpc;
using Clues.DockerWrapper.Announce;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Announce;

public sealed class XmlRpcCluesRequestClientTests
{
    private sealed class FakeServer(object result) : HttpMessageHandler
    {
        public XmlRpcMethodCall? Received { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Received = XmlRpcReader.ParseMethodCall(await request.Content!.ReadAsStreamAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(XmlRpcWriter.MethodResponse(result), Encoding.UTF8, "text/xml"),
            };
        }
    }

    private static XmlRpcCluesRequestClient Client(FakeServer server) =>
        new(new XmlRpcClient(new HttpClient(server), new Uri("http://localhost:8000/RPC2")), "s3cret");

    [Test, CancelAfter(5000)]
    public async Task RequestCreateAsync_Accepted_SendsTheSbatchWrapperArgumentsAndReturnsTheId(CancellationToken ct)
    {
        var server = new FakeServer(new object[] { true, 42L });

        var id = await Client(server).RequestCreateAsync(1.5, 5L << 30, "abc", ct);

        Assert.That(id, Is.EqualTo(42));
        Assert.That(server.Received!.MethodName, Is.EqualTo("request_create"));
        Assert.That(server.Received.Parameters, Is.EqualTo(new object[]
        {
            "s3cret", 1.5, (double)(5L << 30), 1L, 1L, "\"default\" in queues", "abc", Array.Empty<object>(),
        }));
    }

    [Test, CancelAfter(5000)]
    public void RequestCreateAsync_Refused_ThrowsWithCluesMessage(CancellationToken ct)
    {
        var server = new FakeServer(new object[] { false, "invalid secret" });

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => Client(server).RequestCreateAsync(1, 0, "abc", ct))!;

        Assert.That(error.Message, Does.Contain("invalid secret"));
    }
}
