namespace Clues.Cli.CommandLine;

/// <summary>How a value is cast, as cpyutils' <c>_int</c>/<c>_float</c> variants did.</summary>
internal enum ValueType
{
    /// <summary>Kept as text.</summary>
    Text,
    /// <summary>Python <c>int()</c>.</summary>
    Integer,
    /// <summary>Python <c>float()</c>.</summary>
    Float,
}
