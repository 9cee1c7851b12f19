using Clues.Core.Config;

namespace Clues.SlurmWrapper;

/// <summary>
/// The wrapper's settings: where CLUES is (<c>[client] CLUES_XMLRPC</c> and <c>CLUES_SECRET_TOKEN</c>, as for the
/// <c>clues</c> CLI) and <c>[SLURM_WRAPPER]</c>: the real sbatch and how long an announcement may take.
/// </summary>
internal sealed record SlurmWrapperOptions
{
    /// <summary>The wrapper's own section.</summary>
    public const string Section = "SLURM_WRAPPER";

    /// <summary>Where the installation guide moves the real sbatch (the wrapper takes its place).</summary>
    public const string DefaultSbatch = "/usr/bin/sbatch.o";

    /// <summary>CLUES' XML-RPC endpoint, or null when <c>CLUES_XMLRPC</c> is empty (jobs are then only submitted).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The shared secret (<c>[client] CLUES_SECRET_TOKEN</c>).</summary>
    public string Secret { get; init; } = "";

    /// <summary><c>SBATCH</c>: the real sbatch, default <see cref="DefaultSbatch"/>.</summary>
    public string Sbatch { get; init; } = DefaultSbatch;

    /// <summary>
    /// <c>ANNOUNCE_TIMEOUT</c> in seconds, default 5: the most the announcement may delay a submission. CLUES answers
    /// API calls between the steps of its control loop, so a call can wait while a power command runs; the job is
    /// submitted anyway, and CLUES finds it in Slurm's queue.
    /// </summary>
    public TimeSpan AnnounceTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Reads the settings; invalid values are added to the configuration's errors.</summary>
    public static SlurmWrapperOptions Bind(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var client = ClientOptions.Bind(config);
        var defaults = new SlurmWrapperOptions();
        var sbatch = config.GetString(Section, "SBATCH", defaults.Sbatch).Trim();
        if (sbatch.Length == 0)
        {
            config.AddError(new ConfigError(config.Find(Section, "SBATCH")?.File, Section, "SBATCH", sbatch, "the path of the real sbatch"));
            sbatch = defaults.Sbatch;
        }
        return new SlurmWrapperOptions
        {
            Endpoint = JobWrapperSettings.Endpoint(config, client),
            Secret = client.SecretToken,
            Sbatch = sbatch,
            AnnounceTimeout = JobWrapperSettings.AnnounceTimeout(config, Section, defaults.AnnounceTimeout),
        };
    }
}
