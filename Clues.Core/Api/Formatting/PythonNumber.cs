namespace Clues.Core.Api.Formatting;

/// <summary>
/// A number as CLUES' Python code held it: an <c>int</c> or a <c>float</c>. The difference shows in texts
/// (<c>2</c> versus <c>2.0</c>), and <see cref="NodeSnapshot"/> keeps only a <see cref="double"/>, so the
/// formatters carry the kind separately.
/// </summary>
/// <param name="Value">The value.</param>
/// <param name="IsFloat">True for a Python float, false for an int.</param>
public readonly record struct PythonNumber(double Value, bool IsFloat)
{
    /// <summary>
    /// The default reading of a snapshot number: integral values are ints, others floats. This matches every
    /// plugin that reports whole slots and bytes as ints (Slurm, the simulator's integer specs); a plugin that
    /// reports <c>2.0</c> shows as <c>2</c>.
    /// </summary>
    public static PythonNumber Infer(double value) => new(value, !PythonRepr.IsIntegral(value));

    /// <summary>An int.</summary>
    public static PythonNumber Int(double value) => new(value, false);

    /// <summary>A float.</summary>
    public static PythonNumber Float(double value) => new(value, true);

    /// <summary>Python subtraction: the result is a float when either side is.</summary>
    public static PythonNumber operator -(PythonNumber left, PythonNumber right) =>
        new(left.Value - right.Value, left.IsFloat || right.IsFloat);

    /// <summary>Python's <c>str()</c>.</summary>
    public override string ToString() =>
        IsFloat || !PythonRepr.IsIntegral(Value) ? PythonRepr.Float(Value) : PythonRepr.Number(Value);
}
