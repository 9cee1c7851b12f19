using System.Text;

namespace Clues.Core.Groups;

/// <summary>
/// Whether two glob patterns (<c>*</c> any run of characters, <c>?</c> one character) can match the same name, and a
/// shortest such name: two groups whose patterns overlap are reported by <c>clues-host check</c> before any node is
/// seen.
/// </summary>
/// <remarks>
/// Each pattern is an automaton whose states are the positions in it (a <c>*</c> loops on any character). The
/// search walks the pairs of positions, moving both patterns over one common character at a time, or one pattern past
/// a <c>*</c> that matches nothing; the two match a common name exactly when the pair of ends is reached. There are
/// (|a|+1)·(|b|+1) pairs, each visited once: linear in the product of the lengths, with no backtracking. Moves past a
/// <c>*</c> cost nothing and moves over a character cost one, so the first time the ends are reached (a 0-1 breadth-first
/// search) gives a shortest common name.
/// </remarks>
internal static class GlobIntersection
{
    // The character put where both patterns accept anything (a '?' or '*' against a '?' or '*').
    private const char Any = '1';

    /// <summary>A shortest name that both <paramref name="a"/> and <paramref name="b"/> match, or null when none does.</summary>
    public static string? CommonName(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var columns = b.Length + 1;
        var states = (a.Length + 1) * columns;
        // For each pair reached: the pair it was reached from, and the character consumed (\0 for a move past a '*').
        var from = new int[states];
        var consumed = new char[states];
        Array.Fill(from, -1);
        var visited = new bool[states];
        var queue = new LinkedList<int>();
        queue.AddFirst(0);
        from[0] = 0;
        var end = states - 1;
        while (queue.First is { } first)
        {
            queue.RemoveFirst();
            var state = first.Value;
            if (visited[state])
            {
                continue;
            }
            visited[state] = true;
            if (state == end)
            {
                return Spell(from, consumed, end);
            }
            var (i, j) = (state / columns, state % columns);
            var pa = i < a.Length ? a[i] : '\0';
            var pb = j < b.Length ? b[j] : '\0';
            // A '*' that matches nothing more: free moves, explored first.
            if (pa == '*')
            {
                Reach(state, i + 1, j, '\0', front: true);
            }
            if (pb == '*')
            {
                Reach(state, i, j + 1, '\0', front: true);
            }
            if (i == a.Length || j == b.Length)
            {
                continue;
            }
            // One character that both patterns accept here: a '*' stays put, anything else moves on.
            if (Common(pa, pb) is { } c)
            {
                Reach(state, pa == '*' ? i : i + 1, pb == '*' ? j : j + 1, c, front: false);
            }
        }
        return null;

        void Reach(int source, int i, int j, char c, bool front)
        {
            var target = i * columns + j;
            if (visited[target])
            {
                return;
            }
            // A pair queued at cost 1 may be reached again at cost 0: the latest (cheaper or equal) path wins.
            if (front || from[target] < 0)
            {
                from[target] = source;
                consumed[target] = c;
            }
            if (front)
            {
                queue.AddFirst(target);
            }
            else
            {
                queue.AddLast(target);
            }
        }
    }

    // The character both pattern characters accept, or null: a literal against itself or a wildcard, any against any.
    private static char? Common(char pa, char pb) => (IsWild(pa), IsWild(pb)) switch
    {
        (true, true) => Any,
        (true, false) => pb,
        (false, true) => pa,
        _ => pa == pb ? pa : null,
    };

    private static bool IsWild(char c) => c is '*' or '?';

    private static string Spell(int[] from, char[] consumed, int end)
    {
        var name = new StringBuilder();
        for (var state = end; state != 0; state = from[state])
        {
            if (consumed[state] != '\0')
            {
                name.Insert(0, consumed[state]);
            }
        }
        return name.ToString();
    }
}
