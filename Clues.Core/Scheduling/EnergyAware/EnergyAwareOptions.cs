using Clues.Core.Config;
using Clues.Core.Config.Schema;

namespace Clues.Core.Scheduling.EnergyAware;

/// <summary>
/// <c>[ENERGY_AWARE]</c>: the settings of <see cref="EnergyAwareScheduler"/>. Every figure has a default that works
/// without tuning: the boot and shutdown times are the daemon's measurements once a node has booted or shut down,
/// and the power figures are optional (without them a node-second on is the cost).
/// </summary>
public sealed record EnergyAwareOptions : IConfigSectionOwner
{
    /// <summary>The section name.</summary>
    public const string Section = "ENERGY_AWARE";

    /// <summary><c>BOOT_TIME</c>, default 300: seconds a power-on takes until the daemon has measured one.</summary>
    public double BootTime { get; init; } = 300;

    /// <summary><c>SHUTDOWN_TIME</c>, default 60: seconds a power-off takes until the daemon has measured one.</summary>
    public double ShutdownTime { get; init; } = 60;

    /// <summary><c>POWER_IDLE</c>, default 0 (unknown): watts a node draws while on and idle.</summary>
    public double PowerIdle { get; init; }

    /// <summary><c>POWER_OFF</c>, default 0: watts a node draws while off (standby, BMC).</summary>
    public double PowerOff { get; init; }

    /// <summary><c>POWER_BOOT</c>, default 0 (= <see cref="PowerIdle"/>): watts a node draws while booting.</summary>
    public double PowerBoot { get; init; }

    /// <summary><c>POWER_SHUTDOWN</c>, default 0 (= <see cref="PowerIdle"/>): watts a node draws while shutting down.</summary>
    public double PowerShutdown { get; init; }

    /// <summary>
    /// <c>HISTORY</c>, default 3600: seconds of request arrivals the reserve is sized from (the arrival rate of the
    /// last <c>HISTORY</c> seconds).
    /// </summary>
    public double History { get; init; } = 3600;

    /// <summary>
    /// <c>RESERVE_FACTOR</c>, default 1: the reserve of idle slots kept on is the slots requested per second over
    /// <see cref="History"/> times the break-even time times this factor (0 = no reserve): the idle slots the
    /// arriving work is expected to take before keeping them on costs more than a power cycle.
    /// </summary>
    public double ReserveFactor { get; init; } = 1;

    /// <summary><c>MAX_RESERVE_NODES</c>, default 0 (no cap): at most this many idle nodes are kept on as reserve.</summary>
    public int MaxReserveNodes { get; init; }

    /// <summary>
    /// <c>IDLE_FACTOR</c>, default 1: a node outside the reserve is powered off once it has been idle for its break-even
    /// time times this factor (1 = the ski-rental rule: never spend more than twice the best possible).
    /// </summary>
    public double IdleFactor { get; init; } = 1;

    /// <summary>
    /// <c>SPARE_POWER_ON</c>, default false: when power-ons are seen to fail, boot spare nodes with a request that
    /// powers several on, as many as save more idle node-seconds than they cost (see <see cref="SparePowerOns"/>).
    /// Off by default: on the KTH windows it cost more node-hours than it saved (docs/energy-policy.md).
    /// </summary>
    public bool SparePowerOn { get; init; }

    internal static readonly ConfigKey<double> BootTimeSetting = ConfigKey.Double("BOOT_TIME", 300,
        "seconds a power-on takes, used until the daemon has measured one (from the power-on command to the node seen on)", Positive);
    internal static readonly ConfigKey<double> ShutdownTimeSetting = ConfigKey.Double("SHUTDOWN_TIME", 60,
        "seconds a power-off takes, used until the daemon has measured one (from the power-off command to the node seen off)", NotNegative);
    internal static readonly ConfigKey<double> PowerIdleSetting = ConfigKey.Double("POWER_IDLE", 0,
        "watts a node draws while on and idle; 0 = unknown, a node-second on is then the cost", NotNegative);
    internal static readonly ConfigKey<double> PowerOffSetting = ConfigKey.Double("POWER_OFF", 0,
        "watts a node draws while off (standby); used with POWER_IDLE", NotNegative);
    internal static readonly ConfigKey<double> PowerBootSetting = ConfigKey.Double("POWER_BOOT", 0,
        "watts a node draws while booting; 0 = POWER_IDLE", NotNegative);
    internal static readonly ConfigKey<double> PowerShutdownSetting = ConfigKey.Double("POWER_SHUTDOWN", 0,
        "watts a node draws while shutting down; 0 = POWER_IDLE", NotNegative);
    internal static readonly ConfigKey<double> HistorySetting = ConfigKey.Double("HISTORY", 3600,
        "seconds of request arrivals the reserve of idle nodes is sized from", Positive);
    internal static readonly ConfigKey<double> ReserveFactorSetting = ConfigKey.Double("RESERVE_FACTOR", 1,
        "the reserve of idle slots kept on is the slots requested per second over HISTORY times the break-even time times this; 0 = no reserve", NotNegative);
    internal static readonly ConfigKey<int> MaxReserveNodesSetting = ConfigKey.Int("MAX_RESERVE_NODES", 0,
        "at most this many idle nodes kept on as the reserve; 0 = no cap", v => v >= 0 ? null : "0 or more nodes");
    internal static readonly ConfigKey<double> IdleFactorSetting = ConfigKey.Double("IDLE_FACTOR", 1,
        "a node outside the reserve is powered off after its break-even idle time times this", NotNegative);
    internal static readonly ConfigKey<bool> SparePowerOnSetting = ConfigKey.Bool("SPARE_POWER_ON", false,
        "boot spare nodes with a request that powers several on, sized from the measured share of failed power-ons, when they save more idle node-seconds than they cost");

    /// <summary>The declared <c>[ENERGY_AWARE]</c> keys.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section,
        "clueslib.schedulers.Energy_Aware: powers idle nodes off after their break-even time, keeping a reserve sized from the arrival rate and the break-even time.",
        [BootTimeSetting, ShutdownTimeSetting, PowerIdleSetting, PowerOffSetting, PowerBootSetting, PowerShutdownSetting,
            HistorySetting, ReserveFactorSetting, MaxReserveNodesSetting, IdleFactorSetting, SparePowerOnSetting]);

    /// <summary>Reads the section; problems are collected in <see cref="CluesConfig.Errors"/>.</summary>
    public static EnergyAwareOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new EnergyAwareOptions
        {
            BootTime = BootTimeSetting.Read(config, Section),
            ShutdownTime = ShutdownTimeSetting.Read(config, Section),
            PowerIdle = PowerIdleSetting.Read(config, Section),
            PowerOff = PowerOffSetting.Read(config, Section),
            PowerBoot = PowerBootSetting.Read(config, Section),
            PowerShutdown = PowerShutdownSetting.Read(config, Section),
            History = HistorySetting.Read(config, Section),
            ReserveFactor = ReserveFactorSetting.Read(config, Section),
            MaxReserveNodes = MaxReserveNodesSetting.Read(config, Section),
            IdleFactor = IdleFactorSetting.Read(config, Section),
            SparePowerOn = SparePowerOnSetting.Read(config, Section),
        };
    }

    /// <summary>
    /// The break-even idle time of a node that boots in <paramref name="boot"/> and shuts down in
    /// <paramref name="shutdown"/> seconds: the idle time that costs as much as a power cycle. With power figures,
    /// the cycle's energy above standby over the idle draw above standby; without them, the cycle's node-seconds on.
    /// </summary>
    public double BreakEven(double boot, double shutdown)
    {
        if (PowerIdle <= PowerOff)
        {
            return boot + shutdown;
        }
        var bootWatts = PowerBoot > 0 ? PowerBoot : PowerIdle;
        var shutdownWatts = PowerShutdown > 0 ? PowerShutdown : PowerIdle;
        return (boot * Math.Max(0, bootWatts - PowerOff) + shutdown * Math.Max(0, shutdownWatts - PowerOff)) / (PowerIdle - PowerOff);
    }

    private static string? Positive(double value) => value > 0 ? null : "a number of seconds above 0";

    private static string? NotNegative(double value) => value >= 0 ? null : "0 or more";
}
