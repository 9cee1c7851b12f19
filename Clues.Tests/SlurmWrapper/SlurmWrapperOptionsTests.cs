using Clues.Core.Config;
using Clues.SlurmWrapper;
using NUnit.Framework;

namespace Clues.Tests.SlurmWrapper;

[TestFixture]
public class SlurmWrapperOptionsTests
{
    private static (SlurmWrapperOptions Options, CluesConfig Config) Bind(params (string Section, string Key, string Value)[] values)
    {
        var config = new CluesConfig();
        foreach (var (section, key, value) in values)
        {
            config.Set(section, key, value, "/etc/clues2/conf.d/slurm.cfg", 3);
        }
        return (SlurmWrapperOptions.Bind(config), config);
    }

    [Test]
    public void Defaults_are_the_client_section_and_the_moved_sbatch()
    {
        var (options, config) = Bind();

        Assert.That(config.Errors, Is.Empty);
        Assert.That(options.Endpoint, Is.EqualTo(new Uri("http://localhost:8000/RPC2")));
        Assert.That(options.Sbatch, Is.EqualTo("/usr/bin/sbatch.o"));
        Assert.That(options.AnnounceTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void Values_are_read_from_client_and_slurm_wrapper()
    {
        var (options, config) = Bind(("client", "CLUES_XMLRPC", "http://clues:9000/RPC2"), ("client", "CLUES_SECRET_TOKEN", "s"),
            ("SLURM_WRAPPER", "SBATCH", "/opt/slurm/bin/sbatch"), ("SLURM_WRAPPER", "ANNOUNCE_TIMEOUT", "1.5"));

        Assert.That(config.Errors, Is.Empty);
        Assert.That((options.Endpoint, options.Secret, options.Sbatch, options.AnnounceTimeout),
            Is.EqualTo((new Uri("http://clues:9000/RPC2"), "s", "/opt/slurm/bin/sbatch", TimeSpan.FromSeconds(1.5))));
    }

    [Test]
    public void An_empty_endpoint_means_submit_only()
    {
        var (options, config) = Bind(("client", "CLUES_XMLRPC", ""));

        Assert.That(config.Errors, Is.Empty);
        Assert.That(options.Endpoint, Is.Null);
    }

    [TestCase("client", "CLUES_XMLRPC", "ftp://clues/RPC2", "an http:// URL")]
    [TestCase("client", "CLUES_XMLRPC", "not a url", "an http:// URL")]
    [TestCase("SLURM_WRAPPER", "ANNOUNCE_TIMEOUT", "0", "above 0")]
    [TestCase("SLURM_WRAPPER", "ANNOUNCE_TIMEOUT", "-2", "above 0")]
    [TestCase("SLURM_WRAPPER", "ANNOUNCE_TIMEOUT", "1e9", "at most 3600")]
    [TestCase("SLURM_WRAPPER", "ANNOUNCE_TIMEOUT", "soon", "a number")]
    [TestCase("SLURM_WRAPPER", "SBATCH", " ", "the path of the real sbatch")]
    public void A_bad_value_is_named_and_the_default_used(string section, string key, string value, string expected)
    {
        var (options, config) = Bind((section, key, value));

        Assert.That(config.Errors, Has.Count.EqualTo(1));
        Assert.That(config.Errors[0].ToString(), Does.Contain(key).And.Contain(expected));
        Assert.That(options.Sbatch, Is.EqualTo("/usr/bin/sbatch.o"));
        Assert.That(options.AnnounceTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }
}
