using Clues.Core.Config;
using Clues.Core.HighAvailability;
using Clues.Core.Hosting;
using Clues.Core.Plugins;
using Clues.Host.Logging;
using Clues.Host.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NLog.Extensions.Logging;

namespace Clues.Host.Commands;

/// <summary>
/// <c>clues-host [run] [--config PATH] [--dry-run]</c>: runs the CLUES daemon until stopped (SIGTERM, Ctrl+C);
/// <c>--dry-run</c> is <c>[general] DRY_RUN=1</c>: decide and log power actions, run none.
/// </summary>
internal static class RunCommand
{
    public const string Usage = "usage: clues-host [run] [--config PATH] [--dry-run]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stderr, CancellationToken cancellationToken)
    {
        CommandLine line;
        try
        {
            line = CommandLine.Parse(args, new HashSet<string> { "--config" }, new HashSet<string> { "--dry-run" });
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"{ex.Message}{Environment.NewLine}{Usage}").ConfigureAwait(false);
            return 2;
        }
        CluesConfig config;
        CluesOptions options;
        PluginRegistry registry;
        try
        {
            (config, var check) = await ConfigurationSource.LoadCheckedAsync(line.Value("--config"), ConfigCheckScope.Daemon, stderr).ConfigureAwait(false);
            options = check.Options;
            if (line.Has("--dry-run"))
            {
                options.General.DryRun = true;
            }
            registry = check.Registry;
        }
        catch (ConfigException ex)
        {
            await stderr.WriteLineAsync($"clues-host cannot start: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        // A process of an active/standby pair that stepped down starts again from scratch, as a standby.
        while (true)
        {
            var restart = new HostRestart();
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace);
            builder.Logging.AddNLog(NLogSetup.Build(options.General.LogFile, options.General.LogLevel));
            builder.Services.AddSingleton(restart);
            builder.Services.AddCluesDaemon(config, options, registry);
            builder.Services.AddCluesApiServer(options.General);
            using var host = builder.Build();
            try
            {
                await host.RunAsync(cancellationToken).ConfigureAwait(false);
                if (restart.Requested && !cancellationToken.IsCancellationRequested)
                {
                    continue;
                }
                return 0;
            }
            catch (Exception ex) when (ex is ConfigException or ArgumentException or IOException or Clues.Core.Persistence.DatabaseException)
            {
                await stderr.WriteLineAsync($"clues-host stopped: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        }
    }
}
