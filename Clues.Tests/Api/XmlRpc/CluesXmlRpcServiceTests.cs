using System.Text;
using Clues.Core.Api;
using Clues.Core.Api.XmlRpc;
using Clues.Core.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Api.XmlRpc;

/// <summary>
/// Each method fed with the bodies CLUES' Python client (xmlrpc.client, Python 3.11) sends; the literal bodies were
/// captured from CLUES' <c>clues</c> CLI talking to a recording server.
/// </summary>
[TestFixture]
public sealed class CluesXmlRpcServiceTests
{
    private const string Secret = "s3cret";

    private static string P(string typed) => $"<param>\n<value>{typed}</value>\n</param>\n";

    private static string S(string text) => P($"<string>{text}</string>");

    private static string Body(string method, params string[] parameters) =>
        $"<?xml version='1.0'?>\n<methodCall>\n<methodName>{method}</methodName>\n<params>\n{string.Concat(parameters)}</params>\n</methodCall>\n";

    private static async Task<object> CallAsync(FakeCluesControl control, string body, string secret = Secret)
    {
        var service = new CluesXmlRpcService(control, secret, NullLogger<CluesXmlRpcService>.Instance);
        var response = await service.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), 0, CancellationToken.None);
        return XmlRpcReader.ParseMethodResponse(new MemoryStream(Encoding.UTF8.GetBytes(response.Document)));
    }

    [Test, CancelAfter(5000)]
    public async Task Version_CliBody_Returns230WithoutSecret()
    {
        const string captured = "<?xml version='1.0'?>\n<methodCall>\n<methodName>version</methodName>\n<params>\n</params>\n</methodCall>\n";

        Assert.That(await CallAsync(new FakeCluesControl(), captured, secret: "other"), Is.EqualTo("2.3.0"));
    }

    [Test, CancelAfter(5000)]
    public async Task Status_CliBody_ReturnsTable()
    {
        const string captured = "<?xml version='1.0'?>\n<methodCall>\n<methodName>status</methodName>\n<params>\n<param>\n"
            + "<value><string>s3cret</string></value>\n</param>\n<param>\n<value><string></string></value>\n</param>\n</params>\n</methodCall>\n";

        var result = (object[])await CallAsync(FakeCluesControl.WithExampleNodes(), captured);

        Assert.That(result[0], Is.True);
        Assert.That(result[1], Does.StartWith("node                          state").And.Contains("wn02                           used    enabled     01h01'01\"      1,1024"));
    }

    [Test]
    public async Task Login_RightAndWrongSecret_AnswersLikeClues()
    {
        var control = new FakeCluesControl();

        Assert.That(await CallAsync(control, Body("login", S(Secret))), Is.EqualTo(new object[] { true, Secret }));
        Assert.That(await CallAsync(control, Body("login", S("wrong"))), Is.EqualTo(new object[] { false, "Could not authorize user" }));
    }

    [TestCase("status", "<string></string>")]
    [TestCase("poweron", "<string>wn01</string>")]
    [TestCase("request_pending", "<int>1</int>")]
    public async Task Method_WrongOrNonStringSecret_AnswersSecretRejectedWithoutActing(string method, string second)
    {
        var control = FakeCluesControl.WithExampleNodes();

        var wrong = await CallAsync(control, Body(method, S("wrong"), P(second)));
        var typed = await CallAsync(control, Body(method, P("<int>0</int>"), P(second)));

        var expected = new object[] { false, "Error checking the secret key. Please check the configuration file and the CLUES_SECRET_TOKEN setting" };
        Assert.That(wrong, Is.EqualTo(expected));
        Assert.That(typed, Is.EqualTo(expected));
        Assert.That(control.Calls, Is.Empty);
    }

    [TestCase("poweron", "wn01", true, "node wn01 powered on")]
    [TestCase("poweron", "nope", false, "could not power on the node nope")]
    [TestCase("poweroff", "wn02", true, "node wn02 powered off")]
    [TestCase("poweroff", "nope", false, "could not power off the node nope")]
    [TestCase("reset_node_state", "wn01", true, "Node wn01 reset to idle")]
    [TestCase("reset_node_state", "nope", false, "could not reset the node nope (Node is not managed by CLUES)")]
    public async Task NodeAction_CliBody_ReturnsControlMessage(string method, string node, bool success, string message)
    {
        var result = await CallAsync(FakeCluesControl.WithExampleNodes(), Body(method, S(Secret), S(node)));

        Assert.That(result, Is.EqualTo(new object[] { success, message }));
    }

    [TestCase("1", "wn01", true, "node wn01 successfully enabled")]
    [TestCase("0", "wn01", true, "node wn01 successfully disabled")]
    [TestCase("1", "nope", false, "could not enable node nope (Node nope does not exist)")]
    public async Task EnableNode_CliBody_ReturnsMessage(string flag, string node, bool success, string message)
    {
        var result = await CallAsync(FakeCluesControl.WithExampleNodes(), Body("enable_node", S(Secret), S(node), P($"<boolean>{flag}</boolean>")));

        Assert.That(result, Is.EqualTo(new object[] { success, message }));
    }

    [Test]
    public async Task RequestCreate_CliBody_QueuesRequestWithTaskCountAsMaxPerNode()
    {
        // clues req_create --cpu 0.5 -m 2048 -n 3 -r 'hostname=="a"'
        var control = new FakeCluesControl();
        var body = Body("request_create", S(Secret), P("<double>0.5</double>"), P("<double>2048.0</double>"), P("<int>3</int>"),
            P("<int>3</int>"), S("hostname==\"a\""));

        var result = await CallAsync(control, body);

        Assert.That(result, Is.EqualTo(new object[] { true, 1L }));
        var (resources, jobId, nodes) = control.Created.Single();
        Assert.That(resources, Is.EqualTo(new Resources(0.5, 2048, resources.Expressions, 3, 3)));
        Assert.That(resources.Expressions, Is.EqualTo(new[] { "hostname==\"a\"" }));
        Assert.That((jobId, nodes.Count), Is.EqualTo(((string?)null, 0)));
    }

    [Test]
    public async Task RequestCreate_WrapperWithJobAndMaxPerNode_KeepsJobAndIgnoresMaxPerNode()
    {
        // clues-one-wrapper: request_create(sec, cpu*100, mem*1024, 1, 1, "", vm.ID, hosts), here with 8 GiB as i8 (Q29)
        var control = new FakeCluesControl();
        var body = Body("request_create", S(Secret), P("<int>100</int>"), P("<i8>8589934592</i8>"), P("<int>2</int>"), P("<int>1</int>"),
            S(""), P("<int>42</int>"), P("<array><data>\n<value><string>wn1</string></value>\n</data></array>"));

        await CallAsync(control, body);

        var (resources, jobId, nodes) = control.Created.Single();
        Assert.That((resources.Memory, resources.TaskCount, resources.MaxTasksPerNode), Is.EqualTo((8589934592.0, 2, 2)));
        Assert.That((jobId, nodes), Is.EqualTo(("42", (IReadOnlyList<string>)["wn1"])));
    }

    [TestCase("<int>-1</int>", null)]
    [TestCase("<string>job.7</string>", "job.7")]
    [TestCase("<string>-1</string>", null)]
    public async Task RequestCreate_JobIdIntOrString_NegativeMeansNone(string typed, string? expected)
    {
        var control = new FakeCluesControl();

        await CallAsync(control, Body("request_create", S(Secret), P("<int>1</int>"), P("<int>0</int>"), P("<int>1</int>"), P("<int>-1</int>"), S(""), P(typed),
            P("<array><data>\n<value><string>wn1</string></value>\n</data></array>")));

        var (_, jobId, nodes) = control.Created.Single();
        Assert.That(jobId, Is.EqualTo(expected));
        Assert.That(nodes, expected is null ? Is.Empty : Is.Not.Empty);
    }

    [Test, CancelAfter(5000)]
    public async Task RequestWait_CliBodies_PassTimeoutAndReportLeaving()
    {
        var control = new FakeCluesControl();
        control.Pending.Add(8);

        var left = await CallAsync(control, Body("request_wait", S(Secret), P("<int>7</int>"), P("<int>-1</int>")));
        var pending = await CallAsync(control, Body("request_wait", S(Secret), P("<int>8</int>"), P("<double>0.05</double>")));

        Assert.That(left, Is.EqualTo(new object[] { true, true }));
        Assert.That(pending, Is.EqualTo(new object[] { true, false }));
        Assert.That(control.Calls, Does.Contain("wait 7 forever").And.Contain("wait 8 0.05"));
    }

    [Test]
    public async Task RequestPending_QueuedAndGone_ReportsQueueMembership()
    {
        var control = new FakeCluesControl();
        control.Pending.Add(5);

        Assert.That(await CallAsync(control, Body("request_pending", S(Secret), P("<int>5</int>"))), Is.EqualTo(new object[] { true, true }));
        Assert.That(await CallAsync(control, Body("request_pending", S(Secret), P("<int>6</int>"))), Is.EqualTo(new object[] { true, false }));
    }

    [Test]
    public async Task GetRequests_CliBody_ReturnsQueueText()
    {
        var control = new FakeCluesControl();
        control.Requests.Add(new RequestSnapshot { Id = 1, Resources = new Resources(1, 0, [""], 1, 1), TimestampState = 5 });

        var result = await CallAsync(control, Body("get_requests", S(Secret)));

        Assert.That(result, Is.EqualTo(new object[]
        {
            true, "[REQUEST 1] state: pending@5.00; resources: 1 tasks (1 per node max.): 1.0 slots, 0 memory, (['']) ; attended @0.00; job id: None; \n",
        }));
    }

    [TestCase("<boolean>0</boolean>", "name=wn02;slots_count=2;")]
    [TestCase("<boolean>1</boolean>", "<node><name>wn02</name>")]
    [TestCase(null, "<node><name>wn02</name>")]
    public async Task GetNodeDescription_XmlFlag_SelectsForm(string? flag, string prefix)
    {
        var parameters = flag is null ? new[] { S(Secret), S("wn02") } : [S(Secret), S("wn02"), P(flag)];

        var result = (object[])await CallAsync(FakeCluesControl.WithExampleNodes(), Body("get_node_description", parameters));

        Assert.That(result[0], Is.True);
        Assert.That(result[1], Does.StartWith(prefix).And.Contains("hostname=\"wn02\";"));
    }

    [Test]
    public async Task GetNodeDescription_UnknownNode_IsNotManaged()
    {
        var result = await CallAsync(FakeCluesControl.WithExampleNodes(), Body("get_node_description", S(Secret), S("bad"), P("<boolean>0</boolean>")));

        Assert.That(result, Is.EqualTo(new object[] { false, "node is not managed by CLUES" }));
    }

    [Test]
    public void UnknownMethod_Fault_MethodNotFound()
    {
        var fault = Assert.ThrowsAsync<XmlRpcFaultException>(() => CallAsync(new FakeCluesControl(), Body("qsub", S(Secret))));

        Assert.That(fault!.FaultCode, Is.EqualTo(XmlRpcFaultCodes.MethodNotFound));
        Assert.That(fault.FaultString, Does.Contain("qsub"));
    }

    [TestCase("status", new[] { "<string>s3cret</string>" }, "status() missing 1 required positional argument: 'nname'")]
    [TestCase("version", new[] { "<int>1</int>" }, "version() takes 0 positional arguments but 1 were given")]
    [TestCase("poweron", new[] { "<string>s3cret</string>", "<int>3</int>" }, "poweron(): argument 'node' must be a string, got int")]
    [TestCase("request_create", new[] { "<string>s3cret</string>", "<string>x</string>", "<int>1</int>", "<int>1</int>" }, "argument 'cpu' must be a number")]
    [TestCase("request_create", new[] { "<string>s3cret</string>", "<int>1</int>", "<int>1</int>", "<double>1.5</double>" }, "argument 'taskcount' must be an integer")]
    [TestCase("request_wait", new[] { "<string>s3cret</string>", "<string>7</string>", "<int>1</int>" }, "argument 'req_id' must be an integer")]
    public void Method_WrongArguments_FaultNamesTheProblem(string method, string[] typed, string message)
    {
        var fault = Assert.ThrowsAsync<XmlRpcFaultException>(() => CallAsync(FakeCluesControl.WithExampleNodes(), Body(method, typed.Select(P).ToArray())));

        Assert.That(fault!.FaultCode, Is.EqualTo(XmlRpcFaultCodes.InvalidParams));
        Assert.That(fault.FaultString, Does.Contain(message));
    }

    [TestCase("<int>0</int>", "", "argument 'taskcount' must be an integer >= 1, got 0")]
    [TestCase("<int>-3</int>", "", "argument 'taskcount' must be an integer >= 1, got -3")]
    [TestCase("<int>1</int>", "((((((", "argument 'request_string' is not a valid requirement: syntax error at position")]
    public void RequestCreate_BadCountOrExpression_IsRefusedAndNothingIsQueued(string count, string expression, string message)
    {
        var control = FakeCluesControl.WithExampleNodes();

        var fault = Assert.ThrowsAsync<XmlRpcFaultException>(() => CallAsync(control, Body("request_create",
            S(Secret), P("<double>1.0</double>"), P("<double>1024.0</double>"), P(count), P(count), S(expression))));

        Assert.That(fault!.FaultCode, Is.EqualTo(XmlRpcFaultCodes.InvalidParams));
        Assert.That(fault.FaultString, Does.Contain(message));
        Assert.That(control.Created, Is.Empty);
    }

    [Test]
    public async Task RequestCreate_BadArgumentsAndWrongSecret_AnswersLikeCluesWithoutSayingMore()
    {
        var control = FakeCluesControl.WithExampleNodes();

        var result = await CallAsync(control, Body("request_create",
            S("wrong"), P("<double>1.0</double>"), P("<double>1024.0</double>"), P("<int>0</int>"), P("<int>0</int>"), S("((((((")));

        Assert.That(result, Is.EqualTo(new object[] { false, CluesMessages.SecretRejected }));
        Assert.That(control.Created, Is.Empty);
    }

    [Test]
    public void MalformedBody_Fault_NeverThrowsFromHandle()
    {
        var fault = Assert.ThrowsAsync<XmlRpcFaultException>(() => CallAsync(new FakeCluesControl(), "<methodCall><methodName>status"));

        Assert.That(fault!.FaultCode, Is.EqualTo(XmlRpcFaultCodes.ParseError));
    }

    [Test]
    public void ControlThrows_Fault_InternalErrorWithMessage()
    {
        var control = new Mock<ICluesControl>();
        control.Setup(c => c.GetRequestsAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("loop stopped"));
        var service = new CluesXmlRpcService(control.Object, "", NullLogger<CluesXmlRpcService>.Instance);

        var fault = Assert.ThrowsAsync<XmlRpcFaultException>(() =>
            service.InvokeAsync(new XmlRpcMethodCall("get_requests", [""]), CancellationToken.None));

        Assert.That((fault!.FaultCode, fault.FaultString), Is.EqualTo((XmlRpcFaultCodes.InternalError, "get_requests failed: loop stopped")));
    }

    [Test]
    public async Task EmptyConfiguredSecret_EmptySecret_IsAccepted()
    {
        var result = await CallAsync(FakeCluesControl.WithExampleNodes(), Body("poweron", S(""), S("wn01")), secret: "");

        Assert.That(result, Is.EqualTo(new object[] { true, "node wn01 powered on" }));
    }
}
