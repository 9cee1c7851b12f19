using Microsoft.Data.Sqlite;

namespace Clues.DockerWrapper.Jobs;

/// <summary>The durable job table (SQLite, WAL): every accepted job is on disk before the client hears 201.</summary>
/// <remarks>
/// FIX (spec §1.2): the thesis kept jobs in a Python list and lost them on restart. Each method opens a pooled
/// connection, so the store is safe to use from the connection handlers and the dispatcher at once.
/// </remarks>
internal sealed class JobStore
{
    private const string Columns =
        "seq, id, state, name, image, cpus, memory, tty, body, submitted, backend, upstream_id, node, exit_code, error, attempts, not_before, started, finished";

    private readonly string _connectionString;
    private readonly JobChangeSignal _signal;

    public JobStore(string path, JobChangeSignal signal)
    {
        _signal = signal;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS jobs (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              id TEXT NOT NULL UNIQUE,
              state TEXT NOT NULL,
              name TEXT,
              image TEXT NOT NULL,
              cpus REAL NOT NULL,
              memory INTEGER NOT NULL,
              tty INTEGER NOT NULL,
              body TEXT NOT NULL,
              submitted REAL NOT NULL,
              backend TEXT,
              upstream_id TEXT,
              node TEXT,
              exit_code INTEGER,
              error TEXT,
              attempts INTEGER NOT NULL DEFAULT 0,
              not_before REAL,
              started REAL,
              finished REAL);
            CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state);
            """);
    }

    /// <summary>The signal notified after every change.</summary>
    public JobChangeSignal Signal => _signal;

    /// <summary>Adds a job; returns it with its sequence number.</summary>
    /// <exception cref="SqliteException">The name is already taken by an active job, or the disk failed.</exception>
    public Job Add(Job job)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO jobs ({Columns}) VALUES (NULL, $id, $state, $name, $image, $cpus, $memory, $tty, $body, $submitted, $backend, $upstream_id, $node, $exit_code, $error, $attempts, $not_before, $started, $finished); SELECT last_insert_rowid();";
        Bind(command, job);
        var seq = (long)command.ExecuteScalar()!;
        _signal.Notify();
        return job with { Sequence = seq };
    }

    /// <summary>Replaces a stored job by id.</summary>
    public void Update(Job job)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE jobs SET state=$state, name=$name, image=$image, cpus=$cpus, memory=$memory, tty=$tty, body=$body, submitted=$submitted, backend=$backend, upstream_id=$upstream_id, node=$node, exit_code=$exit_code, error=$error, attempts=$attempts, not_before=$not_before, started=$started, finished=$finished WHERE id=$id";
        Bind(command, job);
        command.ExecuteNonQuery();
        _signal.Notify();
    }

    public void Delete(string id)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM jobs WHERE id=$id";
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
        _signal.Notify();
    }

    public Job? Get(string id) => Query("WHERE id=$p", id).FirstOrDefault();

    /// <summary>
    /// Finds a job the way the engine finds a container: full id, then name (with or without the leading
    /// slash), then a unique id prefix.
    /// </summary>
    public Job? Resolve(string reference)
    {
        if (reference.Length == 0)
        {
            return null;
        }
        var name = reference.TrimStart('/');
        var exact = Query("WHERE id=$p OR name=$p ORDER BY seq DESC", reference.Length == 64 ? reference : name);
        if (exact.Count > 0)
        {
            return exact[0];
        }
        if (!reference.All(Uri.IsHexDigit))
        {
            return null;
        }
        var byPrefix = Query("WHERE substr(id, 1, length($p)) = $p LIMIT 2", reference.ToLowerInvariant());
        return byPrefix.Count == 1 ? byPrefix[0] : null;
    }

    /// <summary>All jobs, in submission order.</summary>
    public IReadOnlyList<Job> List() => Query("ORDER BY seq", null);

    /// <summary>Jobs in the given states, in submission order.</summary>
    public IReadOnlyList<Job> List(params JobState[] states)
    {
        var names = string.Join(",", states.Select(s => "'" + s + "'"));
        return Query($"WHERE state IN ({names}) ORDER BY seq", null);
    }

    private List<Job> Query(string where, string? parameter)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM jobs {where}";
        if (parameter is not null)
        {
            command.Parameters.AddWithValue("$p", parameter);
        }
        using var reader = command.ExecuteReader();
        var jobs = new List<Job>();
        while (reader.Read())
        {
            jobs.Add(new Job
            {
                Sequence = reader.GetInt64(0),
                Id = reader.GetString(1),
                State = Enum.Parse<JobState>(reader.GetString(2)),
                Name = reader.IsDBNull(3) ? null : reader.GetString(3),
                Image = reader.GetString(4),
                Cpus = reader.GetDouble(5),
                MemoryBytes = reader.GetInt64(6),
                Tty = reader.GetInt64(7) != 0,
                CreateBody = reader.GetString(8),
                Submitted = FromUnix(reader.GetDouble(9)),
                Backend = reader.IsDBNull(10) ? null : reader.GetString(10),
                UpstreamId = reader.IsDBNull(11) ? null : reader.GetString(11),
                Node = reader.IsDBNull(12) ? null : reader.GetString(12),
                ExitCode = reader.IsDBNull(13) ? null : reader.GetInt32(13),
                Error = reader.IsDBNull(14) ? null : reader.GetString(14),
                Attempts = reader.GetInt32(15),
                NotBefore = reader.IsDBNull(16) ? null : FromUnix(reader.GetDouble(16)),
                StartedAt = reader.IsDBNull(17) ? null : FromUnix(reader.GetDouble(17)),
                FinishedAt = reader.IsDBNull(18) ? null : FromUnix(reader.GetDouble(18)),
            });
        }
        return jobs;
    }

    private static void Bind(SqliteCommand command, Job job)
    {
        var p = command.Parameters;
        p.AddWithValue("$id", job.Id);
        p.AddWithValue("$state", job.State.ToString());
        p.AddWithValue("$name", (object?)job.Name ?? DBNull.Value);
        p.AddWithValue("$image", job.Image);
        p.AddWithValue("$cpus", job.Cpus);
        p.AddWithValue("$memory", job.MemoryBytes);
        p.AddWithValue("$tty", job.Tty ? 1 : 0);
        p.AddWithValue("$body", job.CreateBody);
        p.AddWithValue("$submitted", ToUnix(job.Submitted));
        p.AddWithValue("$backend", (object?)job.Backend ?? DBNull.Value);
        p.AddWithValue("$upstream_id", (object?)job.UpstreamId ?? DBNull.Value);
        p.AddWithValue("$node", (object?)job.Node ?? DBNull.Value);
        p.AddWithValue("$exit_code", (object?)job.ExitCode ?? DBNull.Value);
        p.AddWithValue("$error", (object?)job.Error ?? DBNull.Value);
        p.AddWithValue("$attempts", job.Attempts);
        p.AddWithValue("$not_before", job.NotBefore is { } nb ? ToUnix(nb) : DBNull.Value);
        p.AddWithValue("$started", job.StartedAt is { } s ? ToUnix(s) : DBNull.Value);
        p.AddWithValue("$finished", job.FinishedAt is { } f ? ToUnix(f) : DBNull.Value);
    }

    /// <summary>Unix seconds as a double, the time format of <c>/jobs/list</c>.</summary>
    public static double ToUnix(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    private static DateTimeOffset FromUnix(double seconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout=5000; PRAGMA synchronous=FULL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
