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
try
{
    options = WrapperOptionsLoader.Load(args, Environment.GetEnvironmentVariable);
}
catch (Exception ex) when (ex is ConfigException or ArgumentException)
{
    Console.Error.WriteLine("docker-wrapper: " + ex.Message);
    return 2;
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
