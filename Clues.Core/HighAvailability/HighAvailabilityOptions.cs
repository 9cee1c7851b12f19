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
    /// <c>HA_TAKEOVER_S</c>, default 15: the bound on a takeover. A standby serves as the active one at most this long
    /// after the active one died or hung: the lease's term, the standby's look and its start-up all fit in it.
    /// </summary>
    public double TakeoverSeconds { get; init; } = 15;

    /// <summary>
    /// <c>HA_ADVERTISE_URL</c>, default empty (<c>http://HOSTNAME:CLUES_PORT/</c>): the address of this process's API
    /// as the others reach it; a standby forwards writes there while this one is active.
    /// </summary>
    public string AdvertiseUrl { get; init; } = "";

    /// <summary>
    /// The lease's term, two thirds of <see cref="TakeoverSeconds"/>. A dead active one's lease expires at most one
    /// term after its last renewal; a standby sees that at its next look (<see cref="LookPeriod"/>, a sixth), and the
    /// last sixth is left for the new active one to build and resume its daemon
    /// (<see cref="StartUpAllowance"/>, about a second measured with the default).
    /// </summary>
    public TimeSpan LeaseTerm => TimeSpan.FromSeconds(TakeoverSeconds * 2 / 3);

    /// <summary>How often the active one renews the lease: a third of the term, so two renewals can fail before it ends.</summary>
    public TimeSpan RenewPeriod => LeaseTerm / 3;

    /// <summary>How often a standby looks whether the lease is vacant: a sixth of <see cref="TakeoverSeconds"/>.</summary>
    public TimeSpan LookPeriod => TimeSpan.FromSeconds(TakeoverSeconds / 6);

    /// <summary>What is left of <see cref="TakeoverSeconds"/> after the term and one look: the new active one's start-up.</summary>
    public TimeSpan StartUpAllowance => TimeSpan.FromSeconds(TakeoverSeconds) - LeaseTerm - LookPeriod;

    internal static readonly ConfigKey<bool> EnabledSetting = ConfigKey.Bool("HA_ENABLED", false,
        "run as one of an active/standby pair on a shared database: only the holder of the lease monitors, schedules and powers nodes");
    internal static readonly ConfigKey<double> TakeoverSetting = ConfigKey.Double("HA_TAKEOVER_S", 15,
        "the bound on a takeover in seconds: a standby serves as the active one at most this long after the active one died or hung (lease term 2/3 of it, renewed every third of the term; a standby looks every 1/6)",
        validate: v => v >= 1 && double.IsFinite(v) ? null : "a bound in seconds >= 1");
    internal static readonly ConfigKey<string> AdvertiseSetting = ConfigKey.String("HA_ADVERTISE_URL", "",
        "this process's API address as the others reach it, where a standby forwards writes; empty = http://HOSTNAME:CLUES_PORT/",
        validate: v => v.Length == 0 ? null : AddressProblem(v));

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

    /// <summary>
    /// Why <paramref name="address"/> cannot be an advertised API address (<c>HA_ADVERTISE_URL</c>, or the address a
    /// standby reads in the lease and forwards calls to), or null if it can: an absolute http:// or https:// URL with
    /// no user name, password, query or fragment.
    /// </summary>
    internal static string? AddressProblem(string address) =>
        !Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            ? "an http:// or https:// URL such as http://clues-a.example.org:8000/"
            : uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0
                ? "an http:// or https:// URL with no user name, password, query or fragment, such as http://clues-a.example.org:8000/"
                : null;

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
