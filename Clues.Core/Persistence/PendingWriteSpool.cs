using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clues.Core.Persistence;

/// <summary>
/// The file that keeps the daemon's writes the database never received when it stopped (<c>DB_PENDING_WRITES_FILE</c>,
/// default <c>/var/lib/clues2/pending-writes.jsonl</c>), so the next start re-applies them, in order, before anything
/// else instead of losing them.
/// </summary>
/// <remarks>
/// JSON lines: a header naming the format and the lease epoch the writes were made under (0 without an active/standby
/// pair), then one write per line. Written to a temporary file (owner-only permissions, synced) and renamed over the
/// spool, so a crash while saving leaves the previous spool or none, never half of one.
/// </remarks>
public sealed class PendingWriteSpool
{
    /// <summary>The header's format name.</summary>
    public const string Format = "clues2-pending-writes";

    /// <summary>The spool at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="fence">The lease term the daemon's writes are fenced on (an active/standby pair); null for a single process.</param>
    public PendingWriteSpool(string path, IWriteFence? fence = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        Fence = fence;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The lease term writes are fenced on, or null.</summary>
    public IWriteFence? Fence { get; }

    /// <summary>Whether a spool is waiting to be re-applied.</summary>
    public bool Exists => File.Exists(Path);

    /// <summary>Saves <paramref name="writes"/> (replacing any earlier spool).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder may not be written.</exception>
    internal void Save(IEnumerable<StoreWrite> writes)
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        var temporary = Path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Requests carry job ids and node names: only the daemon's user reads them.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        {
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true))
            {
                writer.Write(JsonSerializer.Serialize(new SpoolHeader(Format, Fence?.Epoch ?? 0), SpoolJson.Default.SpoolHeader));
                writer.Write('\n');
                foreach (var write in writes)
                {
                    writer.Write(JsonSerializer.Serialize(write, SpoolJson.Default.StoreWrite));
                    writer.Write('\n');
                }
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>The saved writes and the epoch they were made under, or null if there is no spool.</summary>
    /// <exception cref="SpoolFormatException">The file is not a spool, or a line is not a write (the message names the file and line).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    internal (long Epoch, List<StoreWrite> Writes)? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        using var reader = new StreamReader(Path, Encoding.UTF8);
        var header = Parse(reader.ReadLine(), 1, SpoolJson.Default.SpoolHeader);
        if (header.Format != Format)
        {
            throw new SpoolFormatException(Path, 1, $"not a {Format} file (format '{header.Format}')");
        }
        var writes = new List<StoreWrite>();
        var number = 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length > 0)
            {
                writes.Add(Parse(line, number, SpoolJson.Default.StoreWrite));
            }
        }
        return (header.Epoch, writes);
    }

    /// <summary>
    /// Whether writes made under <paramref name="epoch"/> may be re-applied now: always for a single process; in an
    /// active/standby pair only by the term right after theirs (no other process has acted since they were made).
    /// </summary>
    internal bool IsCurrent(long epoch) => Fence?.Term is not var (_, current) || current == epoch + 1;

    /// <summary>Deletes the spool (its writes are in the database).</summary>
    internal void Delete() => File.Delete(Path);

    /// <summary>Renames the spool so it is kept for the operator but not read again; returns its new name.</summary>
    internal string SetAside(string why)
    {
        var aside = string.Create(CultureInfo.InvariantCulture, $"{Path}.{why}-{DateTime.UtcNow:yyyyMMddTHHmmssZ}");
        File.Move(Path, aside, overwrite: true);
        return aside;
    }

    private T Parse<T>(string? line, int number, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        if (string.IsNullOrEmpty(line))
        {
            throw new SpoolFormatException(Path, number, "the line is empty");
        }
        try
        {
            return JsonSerializer.Deserialize(line, type) ?? throw new SpoolFormatException(Path, number, "the line is null");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new SpoolFormatException(Path, number, ex.Message, ex);
        }
    }
}

/// <summary>A pending-writes spool that cannot be read; the message names the file and the line.</summary>
public sealed class SpoolFormatException : Exception
{
    /// <summary>Creates the exception for line <paramref name="line"/> of <paramref name="path"/>.</summary>
    public SpoolFormatException(string path, int line, string cause, Exception? innerException = null)
        : base($"{path}, line {line}: {cause}", innerException)
    {
        File = path;
        Line = line;
    }

    /// <summary>The spool file.</summary>
    public string File { get; }

    /// <summary>The line that could not be read (1 = the header).</summary>
    public int Line { get; }
}

/// <summary>The first line of a spool.</summary>
/// <param name="Format"><see cref="PendingWriteSpool.Format"/>.</param>
/// <param name="Epoch">The lease epoch the writes were made under; 0 without an active/standby pair.</param>
internal sealed record SpoolHeader(string Format, long Epoch);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(SpoolHeader))]
[JsonSerializable(typeof(StoreWrite))]
internal sealed partial class SpoolJson : JsonSerializerContext;
