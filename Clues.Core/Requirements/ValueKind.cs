namespace Clues.Core.Requirements;

/// <summary>The kinds of value the interpreter handles: CLUES' five types plus two states Python expresses otherwise.</summary>
internal enum ValueKind
{
    /// <summary>
    /// Evaluation failed (type error, undefined variable, division by zero...): CLUES raises an exception, which
    /// makes the requirement false. Carried as a value so a failing requirement costs no exception per node.
    /// </summary>
    Error,
    /// <summary>Python's <c>None</c> result: an assignment, or the words <c>and</c>/<c>or</c>.</summary>
    NoValue,
    /// <summary>UNKNOWN: the empty term, an empty program, a trailing <c>;</c>.</summary>
    Unknown,
    String,
    Number,
    Boolean,
    List,
}
