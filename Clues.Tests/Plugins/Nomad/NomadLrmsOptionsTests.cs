using Clues.Core.Config;
using Clues.Plugins.Nomad;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Nomad;

/// <summary><c>[NOMAD]</c>: CLUES' keys, defaults and example file, this port's keys, and clear errors for bad values.</summary>
[TestFixture]
public sealed class NomadLrmsOptionsTests
{
    [Test]
    public void Read_NoSection_CluesDefaults()
    {
        var options = NomadLrmsOptions.Read(new CluesConfig());

        Assert.That(options.Server, Is.EqualTo(new Uri("http://localhost:4646")));
        Assert.That((options.ApiVersion, options.ClientsPath, options.ClientInfoPath, options.JobsPath, options.JobInfoPath),
            Is.EqualTo(("/v1", "/nodes", "/node/$CLIENT_ID$", "/jobs", "/job/$JOB_ID$")));
        Assert.That(options.AclToken, Is.Null);
        Assert.That((options.StateOn, options.StateOff), Is.EqualTo(("ready", "down")));
        Assert.That(options.VirtualNodesFile, Is.EqualTo("/etc/clues2/nomad_vnodes.info"));
        Assert.That(options.Queues, Is.EqualTo(new[] { "default" }));
        Assert.That((options.DefaultCpus, options.DefaultMemory, options.CpuGhz), Is.EqualTo((2.0, 8.0 * (1L << 30), 2.6)));
        Assert.That((options.CaFile, options.ClientCertificateFile, options.InsecureSkipVerify), Is.EqualTo(((string?)null, (string?)null, false)));
        Assert.That((options.Namespace, options.PageSize), Is.EqualTo(("*", 500)));
        Assert.That(options.Headers, Is.Empty);
    }

    [Test]
    public void Read_CluesExampleFile_LoadsWithoutErrorsOrUnknownKeys()
    {
        var config = new CluesConfig();
        ConfigLoader.ReadFile(config, TestEnvironment.Fixture("clues-etc", Path.Combine("conf.d", "plugin-nomad.cfg-example")));

        var options = NomadLrmsOptions.Read(config);

        Assert.That(config.Errors, Is.Empty);
        Assert.That(options.Server, Is.EqualTo(new Uri("http://localhost:10000")), "KEEP: the quotes of NOMAD_SERVER=\"...\" are removed");
        Assert.That(options.AclToken, Is.Null, "FIX: NOMAD_ACL_TOKEN=None is no token");
        Assert.That(options.Queues, Is.EqualTo(new[] { "default" }));
        Assert.That((options.DefaultCpus, options.DefaultMemory, options.CpuGhz), Is.EqualTo((1.0, 512.0 * (1 << 20), 2.6)));
        Assert.That(options.Headers, Is.Empty, "\"{}\" as CLUES' example writes it");
        var declared = NomadLrmsOptions.ConfigSection.Keys.Select(k => k.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.That(config.Entries(NomadLrmsOptions.Section).Select(e => e.Key).Where(k => !declared.Contains(k)), Is.Empty,
            "every key of CLUES' example is declared, so clues-host check does not call any unknown");
    }

    [Test]
    public void Read_ShippedExample_OnlyTheAbsentCertificateFilesAreErrors()
    {
        var config = new CluesConfig();
        ConfigLoader.ReadFile(config, Path.Combine(TestEnvironment.RepositoryRoot, "etc", "conf.d", "plugin-nomad.cfg-example"));

        var options = NomadLrmsOptions.Read(config);

        Assert.That(config.Errors.Select(e => e.Key), Is.EquivalentTo(new[] { "NOMAD_CA_CERT", "NOMAD_SERVER_CERT", "NOMAD_SERVER_KEY" }),
            "the example names certificate files an administrator puts in place");
        Assert.That((options.Server.Scheme, options.Queues.Single(), options.DefaultMemory), Is.EqualTo(("https", "default", 8.0 * (1L << 30))));
    }

    [Test]
    public void Read_PortKeys_Bound()
    {
        var config = new CluesConfig();
        config.Set("NOMAD", "NOMAD_SERVER", "https://nomad.example:4646");
        config.Set("NOMAD", "NOMAD_ACL_TOKEN", "\"0b5a-token\"");
        config.Set("NOMAD", "NOMAD_HEADERS", """{"X-Tenant": "blue"}""");
        config.Set("NOMAD", "NOMAD_QUEUES", " default , gpu ,");
        config.Set("NOMAD", "NOMAD_NAMESPACE", "batch");
        config.Set("NOMAD", "NOMAD_DEFAULT_CPU_GHZ", "2");
        config.Set("general", "TIMEOUT_COMMANDS", "7");

        var options = NomadLrmsOptions.Read(config);
        var rest = options.ToRestClientOptions();

        Assert.That(config.Errors, Is.Empty);
        Assert.That(rest.Headers, Is.EquivalentTo(new Dictionary<string, string> { ["X-Tenant"] = "blue", ["X-Nomad-Token"] = "0b5a-token" }));
        Assert.That(options.Queues, Is.EqualTo(new[] { "default", "gpu" }));
        Assert.That((options.Namespace, options.MhzPerCore, rest.Timeout), Is.EqualTo(("batch", 2000.0, TimeSpan.FromSeconds(7))));
    }

    [TestCase(NomadLrmsOptions.ServerKey, "nomad:4646", "URL")]
    [TestCase(NomadLrmsOptions.HeadersKey, "{\"X-A\": 1}", "JSON object")]
    [TestCase(NomadLrmsOptions.HeadersKey, "X-A: b", "JSON object")]
    [TestCase(NomadLrmsOptions.DefaultMemoryKey, "lots", "memory size")]
    [TestCase(NomadLrmsOptions.ClientInfoPathKey, "/node/id", "$CLIENT_ID$")]
    [TestCase(NomadLrmsOptions.JobsPathKey, "jobs", "starting with /")]
    [TestCase(NomadLrmsOptions.CpuGhzKey, "0", "positive")]
    [TestCase(NomadLrmsOptions.QueuesKey, ",", "comma list")]
    [TestCase(NomadLrmsOptions.PageSizeKey, "0", "positive")]
    [TestCase(NomadLrmsOptions.CaFileKey, "/nonexistent/ca.crt", "existing PEM file")]
    [TestCase(NomadLrmsOptions.MaxRetriesKey, "ten", "integer")]
    public void Read_BadValue_ConfigErrorNamesTheKey(string key, string value, string expected)
    {
        var config = new CluesConfig();
        config.Set("NOMAD", key, value, "/etc/clues2/conf.d/plugin-nomad.cfg");

        NomadLrmsOptions.Read(config);

        var error = config.Errors.Single();
        Assert.That(error.Key, Is.EqualTo(key));
        Assert.That(error.Expected, Does.Contain(expected));
        Assert.That(error.File, Is.EqualTo("/etc/clues2/conf.d/plugin-nomad.cfg"));
    }
}
