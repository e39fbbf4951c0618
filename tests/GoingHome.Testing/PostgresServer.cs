using System.Diagnostics;
using Npgsql;

namespace GoingHome.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster in a temporary directory on a free port, or the server named by
/// GOINGHOME_TEST_POSTGRES (a connection string) when one already exists. Each caller gets its own database.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly string[] BinDirectories = Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")).ToArray()
        : [];

    private readonly string? _dataDirectory;
    private readonly (string File, string[] Args) _command;
    private Process? _process;

    private PostgresServer(string adminConnectionString, string? dataDirectory, (string File, string[] Args) command)
    {
        AdminConnectionString = adminConnectionString;
        _dataDirectory = dataDirectory;
        _command = command;
    }

    public string AdminConnectionString { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("GOINGHOME_TEST_POSTGRES") is { Length: > 0 } existing)
        {
            return new PostgresServer(existing, null, default);
        }

        var initdb = LocalProcess.FindBinary("initdb", BinDirectories);
        var postgres = LocalProcess.FindBinary("postgres", BinDirectories);
        var directory = Directory.CreateTempSubdirectory("goinghome-pg-").FullName;
        var data = Path.Combine(directory, "data");
        if (LocalProcess.IsRoot)
        {
            LocalProcess.Run("chown", "postgres:postgres", directory);
        }

        var (initFile, initArgs) = LocalProcess.AsPostgresUser(initdb, "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync");
        LocalProcess.Run(initFile, initArgs);

        var port = LocalProcess.FreePort();
        var command = LocalProcess.AsPostgresUser(
            postgres, "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", directory,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=300");
        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false", directory, command);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>True when the tests own this server and so may restart it.</summary>
    public bool CanRestart => _dataDirectory is not null;

    /// <summary>
    /// Kills every PostgreSQL process without warning (SIGKILL, as a crash would) and starts the cluster again on the
    /// same port and data: it recovers from its write-ahead log, and every open connection is cut.
    /// </summary>
    public async Task KillAndRestartAsync()
    {
        await KillAsync();
        await StartProcessAsync();
    }

    private async Task StartProcessAsync()
    {
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _process = LocalProcess.Start(_command.File, _command.Args, log.Enqueue);
        try
        {
            await LocalProcess.WaitUntilAsync(async () =>
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync();
                return true;
            }, TimeSpan.FromSeconds(60), "PostgreSQL");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}:\n{string.Join('\n', log.TakeLast(20))}", e);
        }
    }

    private async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
        if (_dataDirectory is not null)
        {
            // Backends forked while the tree was being walked outlive it and hold the port and shared memory.
            await LocalProcess.WaitUntilAsync(() => Task.FromResult(!LocalProcess.KillAll(_dataDirectory)), TimeSpan.FromSeconds(30), "PostgreSQL's processes to end");

            // A killed postmaster nobody has reaped yet still answers kill(pid, 0), so its lock files would stop the restart.
            File.Delete(Path.Combine(_dataDirectory, "data", "postmaster.pid"));
            foreach (var socketLock in Directory.GetFiles(_dataDirectory, ".s.PGSQL.*.lock"))
            {
                File.Delete(socketLock);
            }
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (_dataDirectory is not null)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }
}
