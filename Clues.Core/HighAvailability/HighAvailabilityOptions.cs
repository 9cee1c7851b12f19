using Clues.Core.Config;
using Clues.Core.Config.Schema;

namespace Clues.Core.HighAvailability;

/// <summary>
/// <c>[general] HA_*</c>: an active/standby pair of <c>clues-host run</c> processes on one database. Off by default:
/// a single <c>clues-host</c> needs none of it and behaves as without it.
/// </summary>
public sealed record HighAvailabilityOptions : IConfigSectionOwner
{
    /// <summary><c>HA_ENABLED</c>, default false: take part in the election for the lease before acting.</summary>
    public bool Enabled { get; init; }

    /// <summary>
    /// <c>HA_TAKEOVER_S</c>, default 15: the lease's term. A standby takes over at most this long (plus one renewal
    /// period) after the active one died or hung; the active one renews every third of it.
    /// </summary>
    public double TakeoverSeconds { get; init; } = 15;

    /// <summary>
    /// <c>HA_ADVERTISE_URL</c>, default empty (<c>http://HOSTNAME:CLUES_PORT/</c>): the address of this process's API
    /// as the others reach it; a standby forwards writes there while this one is active.
    /// </summary>
    public string AdvertiseUrl { get; init; } = "";

    /// <summary>How often the active one renews and a standby looks at the lease: a third of the term.</summary>
    public TimeSpan RenewPeriod => TimeSpan.FromSeconds(TakeoverSeconds / 3);

    internal static readonly ConfigKey<bool> EnabledSetting = ConfigKey.Bool("HA_ENABLED", false,
        "run as one of an active/standby pair on a shared database: only the holder of the lease monitors, schedules and powers nodes");
    internal static readonly ConfigKey<double> TakeoverSetting = ConfigKey.Double("HA_TAKEOVER_S", 15,
        "the lease's term in seconds: a standby takes over at most this long after the active one died or hung (renewed every third of it)",
        validate: v => v >= 1 && double.IsFinite(v) ? null : "a term in seconds >= 1");
    internal static readonly ConfigKey<string> AdvertiseSetting = ConfigKey.String("HA_ADVERTISE_URL", "",
        "this process's API address as the others reach it, where a standby forwards writes; empty = http://HOSTNAME:CLUES_PORT/",
        validate: v => v.Length == 0 || Uri.TryCreate(v, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? null
            : "an http:// or https:// URL such as http://clues-a.example.org:8000/");

    /// <summary>The declared <c>HA_*</c> keys of <c>[general]</c>.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(GeneralOptions.Section,
        "active/standby clues-host processes on one database (a lease with a bounded term, fencing of power commands and hooks).",
        [EnabledSetting, TakeoverSetting, AdvertiseSetting]);

    /// <summary>Reads the keys; problems are collected in <see cref="CluesConfig.Errors"/>.</summary>
    public static HighAvailabilityOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new HighAvailabilityOptions
        {
            Enabled = EnabledSetting.Read(config, GeneralOptions.Section),
            TakeoverSeconds = TakeoverSetting.Read(config, GeneralOptions.Section),
            AdvertiseUrl = AdvertiseSetting.Read(config, GeneralOptions.Section),
        };
    }

    /// <summary>The advertised API address: <see cref="AdvertiseUrl"/>, else this machine's name and the API port.</summary>
    public Uri Advertised(GeneralOptions general)
    {
        ArgumentNullException.ThrowIfNull(general);
        if (AdvertiseUrl.Length > 0)
        {
            return new Uri(AdvertiseUrl.EndsWith('/') ? AdvertiseUrl : AdvertiseUrl + "/");
        }
        var host = general.Host.Trim() is { Length: > 0 } h && h is not ("*" or "0.0.0.0" or "::") ? h : System.Net.Dns.GetHostName();
        return new UriBuilder(Uri.UriSchemeHttp, host, general.Port).Uri;
    }
}
