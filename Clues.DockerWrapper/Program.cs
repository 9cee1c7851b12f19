using Clues.Core.Config;
using Clues.DockerWrapper;
using Clues.DockerWrapper.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NLog.Extensions.Logging;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(WrapperOptionsLoader.Usage);
    return 0;
}

WrapperOptions options;
var warnings = new List<ConfigWarning>();
try
{
    options = WrapperOptionsLoader.Load(args, Environment.GetEnvironmentVariable, warnings);
}
catch (Exception ex) when (ex is ConfigException or ArgumentException)
{
    Console.Error.WriteLine("docker-wrapper: " + ex.Message);
    return 2;
}
finally
{
    // Also when a value is invalid: a misspelt key often explains why a setting seems not to apply.
    foreach (var warning in warnings)
    {
        Console.Error.WriteLine("docker-wrapper: warning: " + warning);
    }
}

var nlog = new NLog.Config.LoggingConfiguration();
var console = new NLog.Targets.ConsoleTarget("console")
{
    Layout = "${longdate} ${level:uppercase=true} ${logger:shortName=true}: ${message}${onexception:inner= ${exception:format=tostring}}",
    StdErr = true,
};
nlog.AddRule(NLog.LogLevel.FromString(Environment.GetEnvironmentVariable("DOCKER_WRAPPER_LOG_LEVEL") ?? "Info"), NLog.LogLevel.Fatal, console);

using var host = WrapperHost.Build(options, logging =>
{
    logging.SetMinimumLevel(LogLevel.Trace);
    logging.AddNLog(nlog);
});
await host.RunAsync();
NLog.LogManager.Shutdown();
return 0;
