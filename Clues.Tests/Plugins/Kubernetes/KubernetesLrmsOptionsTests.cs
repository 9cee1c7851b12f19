using Clues.Core.Config;
using Clues.Plugins.Kubernetes;
using Clues.Plugins.Kubernetes.Api;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Kubernetes;

[TestFixture]
public sealed class KubernetesLrmsOptionsTests
{
    [Test]
    public void Read_NoSection_CluesDefaults()
    {
        var options = KubernetesLrmsOptions.Read(new CluesConfig());

        Assert.That(options.Server, Is.EqualTo(new Uri("http://localhost:8080")));
        Assert.That((options.PodsPath, options.NodesPath), Is.EqualTo(("/api/v1/pods", "/api/v1/nodes")));
        Assert.That(options.Token, Is.Null);
        Assert.That((options.NodeMemory, options.NodeSlots, options.NodePods), Is.EqualTo((1073741824.0, 1, 110)));
        Assert.That(options.VirtualNodesFile, Is.EqualTo("/etc/clues2/kubernetes_vnodes.info"));
        Assert.That(options.InsecureSkipVerify, Is.False);
        Assert.That(options.PageSize, Is.EqualTo(500));
    }

    [Test]
    public void Read_CluesKeys_Bound()
    {
        var config = new CluesConfig();
        config.Set("KUBERNETES", "kubernetes_server", "https://kubeserver.localdomain:6443");
        config.Set("KUBERNETES", "KUBERNETES_TOKEN", "abc # comment");
        config.Set("KUBERNETES", "KUBERNETES_NODE_MEMORY", "2048Mi");
        config.Set("KUBERNETES", "KUBERNETES_NODE_SLOTS", "4");
        config.Set("KUBERNETES", "KUBERNETES_NODE_PODS", "50");
        config.Set("general", "TIMEOUT_COMMANDS", "7");

        var options = KubernetesLrmsOptions.Read(config);

        Assert.That(options.Server.Host, Is.EqualTo("kubeserver.localdomain"));
        Assert.That(options.Token, Is.EqualTo("abc"), "KEEP: string values are cut at '#'");
        Assert.That((options.NodeMemory, options.NodeSlots, options.NodePods), Is.EqualTo((2147483648.0, 4, 50)));
        Assert.That(options.ToRestClientOptions().Timeout, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(config.Errors, Is.Empty);
    }

    [TestCase(KubernetesLrmsOptions.ServerKey, "kubeserver:6443", "URL")]
    [TestCase(KubernetesLrmsOptions.NodeMemoryKey, "lots", "memory size")]
    [TestCase(KubernetesLrmsOptions.PodsPathKey, "api/v1/pods", "starting with /")]
    [TestCase(KubernetesLrmsOptions.PageSizeKey, "0", "positive")]
    [TestCase(KubernetesLrmsOptions.CaFileKey, "/nonexistent/ca.crt", "existing PEM file")]
    public void Read_BadValue_ConfigErrorNamesTheKey(string key, string value, string expected)
    {
        var config = new CluesConfig();
        config.Set("KUBERNETES", key, value, "/etc/clues2/conf.d/kubernetes.cfg");

        KubernetesLrmsOptions.Read(config);

        var error = config.Errors.Single();
        Assert.That(error.Key, Is.EqualTo(key));
        Assert.That(error.Expected, Does.Contain(expected));
        Assert.That(error.File, Is.EqualTo("/etc/clues2/conf.d/kubernetes.cfg"));
    }

    [TestCase("1 GB", 1073741824.0)]
    [TestCase("1024", 1024.0)]
    [TestCase("512Mi", 536870912.0)]
    [TestCase("2kib", 2048.0)]
    [TestCase("3m", 3145728.0)] // KEEP: CLUES' 'm' is mebibytes in its own files
    [TestCase("1T", 1099511627776.0)]
    public void CluesMemory_CluesUnits(string text, double bytes)
    {
        Assert.That(CluesMemory.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(bytes));
    }

    [TestCase("")]
    [TestCase("GB")]
    [TestCase("1.5 GB")]
    [TestCase("12xb")]
    public void CluesMemory_NotASize_Rejected(string text) => Assert.That(CluesMemory.TryParse(text, out _), Is.False);

    [TestCase("8", 8.0)]
    [TestCase("250m", 0.25)]
    [TestCase("16321908Ki", 16713633792.0)]
    [TestCase("1G", 1e9)]
    [TestCase("1Gi", 1073741824.0)]
    [TestCase("1.5", 1.5)]
    [TestCase("1e3", 1000.0)]
    [TestCase("100u", 1e-4)]
    public void Quantity_ApiUnits(string text, double value) => Assert.That(Quantity.Parse(text).Value, Is.EqualTo(value).Within(1e-12));

    [TestCase("")]
    [TestCase("lots")]
    [TestCase("1Gb")]
    [TestCase("1e999")]
    [TestCase("--1")]
    public void Quantity_NotAQuantity_FormatErrorShowsTheText(string text) =>
        Assert.That(() => Quantity.Parse(text), Throws.InstanceOf<FormatException>().With.Message.Contains($"'{text}'"));
}
