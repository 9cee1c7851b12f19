using System.Globalization;

namespace Clues.Cli.Logging;

/// <summary>
/// The CLI's log (<c>[client] LOG_FILE</c>). FIX (spec §10): CLUES crashed at start when the file was not
/// writable; here logging is best effort and a failure to write only turns it off.
/// </summary>
internal sealed class CliLog
{
    private readonly string? _path;
    private readonly TimeProvider _time;
    private bool _broken;

    public CliLog(string? path, TimeProvider time)
    {
        _path = string.IsNullOrWhiteSpace(path) ? null : path;
        _time = time;
    }

    public void Write(string message)
    {
        if (_path is null || _broken)
        {
            return;
        }
        try
        {
            var stamp = _time.GetLocalNow().ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture);
            File.AppendAllText(_path, $"{stamp} {message}\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            _broken = true;
        }
    }
}
