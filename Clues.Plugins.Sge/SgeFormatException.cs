namespace Clues.Plugins.Sge;

/// <summary>A Grid Engine command printed something that cannot be read; the message names the command, the line
/// and what was wrong.</summary>
public sealed class SgeFormatException(string message, Exception? inner = null) : FormatException(message, inner);
