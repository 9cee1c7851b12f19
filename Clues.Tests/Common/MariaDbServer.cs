using System.Diagnostics;
using System.Globalization;
using MySqlConnector;

namespace Clues.Tests.Common;

/// <summary>
/// A private mariadbd for the MariaDb tests, as the Docker tests start their own dockerd: a data folder under /tmp
/// made by <c>mariadb-install-db</c>, its own unix socket (the administrator, root, logs in through it) and a loopback
/// TCP port (CLUES logs in through it as <see cref="User"/>, with a password). It can be stopped and started again on
/// the same data and port, to take the database away from a running daemon.
/// </summary>
public sealed class MariaDbServer : IAsyncDisposable
{
    /// <summary>The user CLUES connects as.</summary>
    public const string User = "clues";

    /// <summary>Its password (with characters a URL parser could trip on).</summary>
    public const string Password = "s3cr3t.pw-x";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _mariadbd;
    private Process? _process;
    private int _databases;

    private MariaDbServer(string directory, string mariadbd, int port)
    {
        Directory = directory;
        _mariadbd = mariadbd;
        Port = port;
    }

    /// <summary>The folder holding the data, socket and error log.</summary>
    public string Directory { get; }

    /// <summary>The loopback TCP port.</summary>
    public int Port { get; }

    /// <summary>The administrator's unix socket.</summary>
    public string Socket => Path.Combine(Directory, "mariadbd.sock");

    /// <summary>Whether the server is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Installs and starts a server, or reports the test as not run (<see cref="TestEnvironment.Missing"/>) when
    /// mariadb-server is not installed or the tests do not run as root.
    /// </summary>
    public static async Task<MariaDbServer> StartAsync(CancellationToken ct)
    {
        TestEnvironment.RequireRoot();
        var install = TestEnvironment.RequireProgram("mariadb-install-db");
        var mariadbd = File.Exists("/usr/sbin/mariadbd") ? "/usr/sbin/mariadbd" : TestEnvironment.RequireProgram("mariadbd");
        var directory = System.IO.Directory.CreateTempSubdirectory("clues-mariadb-").FullName;
        var server = new MariaDbServer(directory, mariadbd, LoopbackPort.Free());
        try
        {
            var installed = await CliWrap.Cli.Wrap(install)
                .WithArguments(["--no-defaults", "--user=root", $"--datadir={server.DataDirectory}", "--auth-root-authentication-method=socket",
                    "--skip-test-db", "--skip-name-resolve"])
                .WithValidation(CliWrap.CommandResultValidation.None)
                .WithStandardOutputPipe(CliWrap.PipeTarget.ToFile(Path.Combine(directory, "install.log")))
                .ExecuteAsync(ct);
            if (installed.ExitCode != 0)
            {
                throw new InvalidOperationException($"mariadb-install-db failed ({installed.ExitCode}); see {directory}/install.log");
            }
            await server.StartAgainAsync(ct);
            await server.AdministerAsync($"CREATE USER '{User}'@'%' IDENTIFIED BY '{Password}'", ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new empty database on the server that <see cref="User"/> may use, and its CLUES connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken ct)
    {
        var name = "clues_" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture);
        await AdministerAsync($"CREATE DATABASE {name}", ct);
        await AdministerAsync($"GRANT ALL PRIVILEGES ON {name}.* TO '{User}'@'%'", ct);
        return ConnectionString(name);
    }

    /// <summary>CLUES' <c>mysql://</c> string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database, string user = User, string password = Password) =>
        $"mysql://{user}:{password}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{database}";

    /// <summary>An open connection as <see cref="User"/> to a database given by its CLUES string, for checking what CLUES wrote.</summary>
    public async Task<MySqlConnection> ConnectAsync(string connectionString, CancellationToken ct)
    {
        var database = connectionString[(connectionString.LastIndexOf('/') + 1)..];
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder
        {
            Server = "127.0.0.1", Port = (uint)Port, UserID = User, Password = Password, Database = database, Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>Runs a statement as root through the unix socket.</summary>
    public async Task AdministerAsync(string sql, CancellationToken ct)
    {
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder
        {
            Server = Socket, ConnectionProtocol = MySqlConnectionProtocol.UnixSocket, UserID = "root", Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Stops the server (SIGTERM, by its pid) and waits for it to exit; its data stays.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            await CliWrap.Cli.Wrap("kill").WithArguments(["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])
                .WithValidation(CliWrap.CommandResultValidation.None).ExecuteAsync(CancellationToken.None);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts the server on its data folder and port, and waits until root can log in.</summary>
    public async Task StartAgainAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo(_mariadbd) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "--no-defaults", "--user=root", $"--datadir={DataDirectory}", $"--socket={Socket}",
                     $"--port={Port.ToString(CultureInfo.InvariantCulture)}", "--bind-address=127.0.0.1", "--skip-name-resolve",
                     $"--pid-file={Path.Combine(Directory, "mariadbd.pid")}", $"--log-error={Path.Combine(Directory, "error.log")}",
                     "--innodb-buffer-pool-size=32M", "--skip-log-bin",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("mariadbd did not start");
        _ = _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        _ = _process.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await AdministerAsync("SELECT 1", ct);
                return;
            }
            catch (MySqlException) when (watch.Elapsed < StartTimeout && !_process.HasExited)
            {
                await Task.Delay(200, ct);
            }
            catch (MySqlException ex)
            {
                throw new InvalidOperationException($"mariadbd in {Directory} not ready after {watch.Elapsed.TotalSeconds:0} s " +
                    $"(exited: {_process.HasExited}; see error.log there): {ex.Message}", ex);
            }
        }
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A busy leftover in /tmp is harmless.
        }
    }

    private string DataDirectory => Path.Combine(Directory, "data");
}
