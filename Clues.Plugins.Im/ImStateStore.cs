using Clues.Plugins.Im.Radl;
using Microsoft.Data.Sqlite;

namespace Clues.Plugins.Im;

/// <summary>
/// What the IM power manager keeps across restarts, in CLUES' tables: <c>im_golden_images(ec3_class, image, password)</c>
/// and <c>im_stopped_vms(node_name, vm_id)</c>. Values are bound as parameters (CLUES pasted them into the SQL text).
/// </summary>
/// <remarks>Every method throws <see cref="SqliteException"/> on a database failure; the caller logs it and goes on in memory, as CLUES did.</remarks>
internal sealed class ImStateStore : IDisposable
{
    private readonly SqliteConnection _connection;

    /// <summary>Opens (and creates if needed) the tables in <paramref name="file"/>; null keeps them in memory.</summary>
    public ImStateStore(string? file)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = file ?? ":memory:",
            Pooling = false,
            // CLUES' own store writes the same file; wait for its lock rather than fail.
            DefaultTimeout = 5,
        };
        if (file is not null && Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        Execute("CREATE TABLE IF NOT EXISTS im_golden_images(ec3_class varchar(255) PRIMARY KEY, image varchar(255), password varchar(255))");
        Execute("CREATE TABLE IF NOT EXISTS im_stopped_vms(node_name varchar(255) PRIMARY KEY, vm_id varchar(255))");
    }

    public Dictionary<string, GoldenImage> LoadGoldenImages()
    {
        var images = new Dictionary<string, GoldenImage>(StringComparer.Ordinal);
        using var command = Command("SELECT ec3_class, image, password FROM im_golden_images");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            images[reader.GetString(0)] = new GoldenImage(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }
        return images;
    }

    public Dictionary<string, Uri> LoadStoppedVms()
    {
        var vms = new Dictionary<string, Uri>(StringComparer.Ordinal);
        using var command = Command("SELECT node_name, vm_id FROM im_stopped_vms");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (Uri.TryCreate(reader.GetString(1), UriKind.Absolute, out var vm))
            {
                vms[reader.GetString(0)] = vm;
            }
        }
        return vms;
    }

    public void StoreGoldenImage(string ec3Class, GoldenImage image) =>
        Execute("INSERT OR REPLACE INTO im_golden_images VALUES ($class, $image, $password)",
            ("$class", ec3Class), ("$image", image.Image), ("$password", image.Password));

    public void StoreStoppedVm(string node, Uri vm) =>
        Execute("INSERT OR REPLACE INTO im_stopped_vms VALUES ($node, $vm)", ("$node", node), ("$vm", vm.OriginalString));

    public void DeleteStoppedVm(string node) =>
        Execute("DELETE FROM im_stopped_vms WHERE node_name = $node", ("$node", node));

    private void Execute(string sql, params (string Name, string? Value)[] parameters)
    {
        using var command = Command(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, (object?)value ?? DBNull.Value);
        }
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public void Dispose() => _connection.Dispose();
}
