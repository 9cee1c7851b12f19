using System.Collections.Concurrent;
using Clues.Core.Model;

namespace Clues.Core.Requirements;

/// <summary>
/// Decides whether a node's keywords satisfy a request's requirement expressions, with the language of CLUES'
/// cpyutils <c>evaluate</c> (spec §2.10 step 3, §2.11), e.g. <c>"gpu" in queues</c> or
/// <c>cpus &gt;= 2 &amp;&amp; mem &gt; 1kb</c>.
/// </summary>
/// <remarks>
/// <para>Each distinct expression text is parsed once and cached in the instance (bounded; thread-safe), so one
/// evaluator should be shared by everything that matches requests to nodes. Evaluating allocates nothing for the
/// usual expressions, and a request without expressions costs one count check. To test one request against
/// many nodes, <see cref="Prepare"/> it once and call <see cref="RequirementSet.Matches"/> per node: that skips
/// the per-call cache lookup.</para>
/// <para>Language quirks kept for compatibility (spec §14 Q21, KEEP): <c>and</c>/<c>or</c> parse but make the
/// requirement fail (only <c>&amp;&amp;</c>/<c>||</c> work); <c>in</c>/<c>subset</c> take the whole expression on
/// their left (<c>cpus &gt;= 2 &amp;&amp; "b" in q</c> fails, <c>"b" in q &amp;&amp; cpus &gt;= 2</c> works); a
/// trailing <c>;</c> makes the value UNKNOWN. <see cref="GetWarnings"/> reports these so an API can warn about
/// them.</para>
/// </remarks>
public sealed class RequirementEvaluator
{
    /// <summary>Default number of distinct expression texts kept parsed.</summary>
    public const int DefaultCacheCapacity = 4096;

    private readonly ConcurrentDictionary<string, CompiledRequirement> _cache = new(StringComparer.Ordinal);
    private readonly int _cacheCapacity;
    private int _cacheAdditions;

    /// <summary>Creates an evaluator whose parse cache holds up to <paramref name="cacheCapacity"/> texts.</summary>
    /// <param name="cacheCapacity">Distinct expression texts kept parsed; when exceeded the cache starts over.</param>
    public RequirementEvaluator(int cacheCapacity = DefaultCacheCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cacheCapacity);
        _cacheCapacity = cacheCapacity;
    }

    /// <summary>
    /// Whether every expression is empty or whitespace, so that any node with enough slots and memory meets the
    /// request without evaluating anything (true for an empty list; false when an entry is null, which fails).
    /// The API's request_create sends <c>[""]</c>, so most requests have such a list.
    /// </summary>
    public static bool IsTrivial(IReadOnlyList<string> expressions)
    {
        ArgumentNullException.ThrowIfNull(expressions);
        for (var i = 0; i < expressions.Count; i++)
        {
            if (!IsBlank(expressions[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a node meets a request's requirements: each expression, trimmed, must be empty or evaluate to the
    /// BOOLEAN true with the node's keywords as the only variables.
    /// </summary>
    /// <param name="expressions">The request's requirement expressions, checked in order.</param>
    /// <param name="keywords">The node's keywords (not modified).</param>
    /// <returns>
    /// False on the first expression that has a syntax error, a type error, an undefined variable, a division by
    /// zero, or a value other than BOOLEAN true (a number, a list, UNKNOWN, no value); a null entry fails too, as
    /// CLUES fails on it. Assignments (<c>x = 2; true</c>) are visible to the request's following expressions on
    /// the same node only.
    /// </returns>
    public bool Matches(IReadOnlyList<string> expressions, IReadOnlyDictionary<string, KeywordValue> keywords)
    {
        ArgumentNullException.ThrowIfNull(expressions);
        ArgumentNullException.ThrowIfNull(keywords);
        if (expressions.Count == 0)
        {
            return true;
        }

        var scope = new EvaluationScope(keywords);
        for (var i = 0; i < expressions.Count; i++)
        {
            var text = expressions[i];
            if (text is null)
            {
                return false;
            }

            if (IsBlank(text))
            {
                continue;
            }

            // KEEP (spec §2.11): only a real True passes; a BOOLEAN-typed number from `3 && 4` does not.
            if (!GetCompiled(text).Evaluate(ref scope).IsTrue)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Parses a request's expressions once so that many nodes can be tested with
    /// <see cref="RequirementSet.Matches"/> at the cost of evaluation only (blank expressions are dropped).
    /// </summary>
    public RequirementSet Prepare(IReadOnlyList<string> expressions)
    {
        ArgumentNullException.ThrowIfNull(expressions);
        var compiled = new List<CompiledRequirement>(expressions.Count);
        var hasNull = false;
        for (var i = 0; i < expressions.Count; i++)
        {
            var text = expressions[i];
            if (text is null)
            {
                hasNull = true;
            }
            else if (!PythonText.IsBlank(text))
            {
                compiled.Add(GetCompiled(text));
            }
        }

        return new RequirementSet([.. compiled], hasNull);
    }

    /// <summary>
    /// Checks that an expression parses, for rejecting a bad requirement when a request is submitted.
    /// </summary>
    /// <param name="expression">The requirement text (trimmed here; empty is valid and always met).</param>
    /// <param name="error">
    /// Null on success; otherwise a message naming the 1-based position, e.g.
    /// <c>syntax error at position 2: unexpected 'KB', expected an operator, ';' or the end of the requirement
    /// (size suffixes are written kb, mb, gb, tb, pb or Kb, Mb, Gb, Tb, Pb)</c>.
    /// </param>
    /// <remarks>Undefined variables and type errors depend on the node, so they are not checked here.</remarks>
    public static bool TryParse(string expression, out string? error)
    {
        ArgumentNullException.ThrowIfNull(expression);
        error = RequirementParser.Parse(expression).Error;
        return error is null;
    }

    /// <summary>
    /// Constructs in an expression that parse but are probably not what the user meant (spec §14 Q21): the words
    /// <c>and</c>/<c>or</c>, a membership test swallowing the expression on its left, a trailing <c>;</c>, a final
    /// assignment, ignored characters such as single quotes. Empty when there is nothing to say.
    /// </summary>
    public static IReadOnlyList<string> GetWarnings(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return RequirementParser.Parse(expression).Warnings;
    }

    /// <summary>Evaluates one expression against keywords, for tests and diagnostics.</summary>
    internal Value Evaluate(string expression, IReadOnlyDictionary<string, KeywordValue> keywords)
    {
        var scope = new EvaluationScope(keywords);
        return GetCompiled(expression).Evaluate(ref scope);
    }

    private CompiledRequirement GetCompiled(string text)
    {
        if (_cache.TryGetValue(text, out var compiled))
        {
            return compiled;
        }

        compiled = RequirementParser.Parse(text);
        // Bounded without locking: an approximate count, and starting over is cheap next to parsing.
        if (Interlocked.Increment(ref _cacheAdditions) > _cacheCapacity)
        {
            _cache.Clear();
            Interlocked.Exchange(ref _cacheAdditions, 1);
        }

        _cache.TryAdd(text, compiled);
        return compiled;
    }

    private static bool IsBlank(string? text) => text is not null && PythonText.IsBlank(text);
}
