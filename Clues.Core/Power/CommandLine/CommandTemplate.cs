using System.Text.RegularExpressions;

namespace Clues.Core.Power.CommandLine;

/// <summary>Fills the placeholders of a power command template.</summary>
internal static partial class CommandTemplate
{
    /// <summary>
    /// Replaces <c>%%h</c> and <c>%h</c> by the node name and <c>%%a</c> and <c>%a</c> by its address, as plain text
    /// (no quoting, as in CLUES).
    /// </summary>
    /// <remarks>
    /// FIX (spec core §14 Q17): CLUES documents <c>%%h</c>/<c>%%a</c> but Python 3's config interpolation turns them
    /// into <c>%h</c>/<c>%a</c> that are then never replaced. Values are read raw here, so the documented literal
    /// tokens work, and the single-percent forms are accepted too. One pass, so a name that itself contains
    /// <c>%a</c> is not substituted again.
    /// </remarks>
    public static string Substitute(string template, string nodeName, string address) =>
        Placeholder().Replace(template, m => m.Groups["kind"].Value == "h" ? nodeName : address);

    [GeneratedRegex("%%?(?<kind>[ah])", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
