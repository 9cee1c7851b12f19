using Microsoft.Extensions.Logging;

namespace Clues.Tests.Common.Builders;

/// <summary>A logger that keeps every entry, so a test can check what was explained (e.g. an "unexpected" warning).</summary>
internal class RecordingLogger : ILogger
{
    /// <summary>The entries, in order.</summary>
    public List<(LogLevel Level, EventId EventId, string Message)> Entries { get; } = [];

    /// <summary>Whether an entry with that event id was logged.</summary>
    public bool Logged(int eventId) => Entries.Exists(e => e.EventId.Id == eventId);

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, eventId, formatter(state, exception)));
}

/// <summary>A <see cref="RecordingLogger"/> for a constructor that asks for a typed logger.</summary>
internal sealed class RecordingLogger<T> : RecordingLogger, ILogger<T>;
