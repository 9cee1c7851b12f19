using System.Globalization;
using System.Text;
using Clues.Core.Api.XmlRpc;
using Clues.Tests.Common;
using Clues.Tests.FilePlugin;
using Clues.Tests.Host.Restart;
using NUnit.Framework;

namespace Clues.Tests.Host.Server;

/// <summary>
/// A real <c>clues-host</c> process receives the body that used to cost a minute of CPU before authentication
/// (140,000 nested elements, just under the size limit): it answers at once with a parse fault and keeps serving.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class HostileXmlRpcProcessTests
{
    private const string Secret = "hostile-s3cret";

    internal static string WriteConfig(string folder, int port, string secret)
    {
        var plugins = Directory.CreateDirectory(Path.Combine(folder, "plugins")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Clues.Tests.FilePlugin.dll"), Path.Combine(plugins, "Clues.Tests.FilePlugin.dll"), overwrite: true);
        File.WriteAllText(Path.Combine(folder, "nodes.json"), """{"wn1": "off"}""");
        var config = Path.Combine(folder, "clues2.cfg");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"""
            [general]
            DB_CONNECTION_STRING=sqlite://{folder}/clues.db
            CLUES_SECRET_TOKEN={secret}
            CLUES_HOST=127.0.0.1
            CLUES_PORT={port}
            LOG_FILE={folder}/clues.log
            LRMS_CLASS={FileLrms.PluginName}
            POWERMANAGER_CLASS={FilePowerManager.PluginName}
            PLUGIN_DIR={plugins}
            [FILE]
            NODES_FILE={folder}/nodes.json
            POWER_LOG={folder}/power.log
            """));
        return config;
    }

    [Test, CancelAfter(120_000)]
    public async Task DeeplyNestedBody_IsRefusedAtOnce_AndTheServerGoesOn(CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("clues-hostile-").FullName;
        var port = LoopbackPort.Free();
        using var host = await HostProcess.StartAsync(folder, WriteConfig(folder, port, Secret), port, Secret, ct);
        var nested = string.Concat(Enumerable.Repeat("<a>", 140_000)) + string.Concat(Enumerable.Repeat("</a>", 140_000));
        var body = "<methodCall><methodName>version</methodName><params><param><value><array><data>" + nested
            + "</data></array></value></param></params></methodCall>";
        Assert.That(Encoding.UTF8.GetByteCount(body), Is.LessThan(1024 * 1024), "the body must be within the size limit");

        using var content = new StringContent(body, Encoding.UTF8, "text/xml");
        using var response = await host.Http.PostAsync("RPC2", content, ct);
        var fault = Assert.Throws<XmlRpcFaultException>(() => XmlRpcReader.ParseMethodResponse(response.Content.ReadAsStream(ct)));
        Assert.That(fault!.FaultCode, Is.EqualTo(XmlRpcFaultCodes.ParseError));
        Assert.That(fault.FaultString, Does.Contain("unexpected <a> in <data>"));

        var client = new XmlRpcClient(host.Http, new Uri(host.BaseAddress, "RPC2"));
        Assert.That(await client.CallAsync("version", [], ct), Is.EqualTo(CluesMessages.Version));
    }
}
