namespace Clues.Core.Requirements;

/// <summary>
/// What a BOOLEAN-typed value really holds. CLUES computes <c>&amp;&amp;</c>/<c>||</c> with Python's
/// <c>and</c>/<c>or</c> and types the result BOOLEAN whatever it is, so <c>3 &amp;&amp; 4</c> is a "boolean"
/// holding the number 4 and <c>(empty) &amp;&amp; (empty)</c> one holding <c>None</c> (spec §2.11).
/// </summary>
internal enum BooleanPayload
{
    /// <summary>A real Python bool (numeric value 1 or 0).</summary>
    Bool,
    /// <summary>A number that came through <c>&amp;&amp;</c>/<c>||</c>.</summary>
    Number,
    /// <summary><c>None</c> that came through <c>&amp;&amp;</c>/<c>||</c> on UNKNOWN operands.</summary>
    None,
}
