using System.Diagnostics;
using StackExchange.Redis;

namespace GoingHome.Testing;

/// <summary>
/// A throwaway Redis with append-only persistence (fsync on every write), which can be killed and restarted on the same
/// port and data, or the server named by GOINGHOME_TEST_REDIS when one already exists.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly int _port;
    private Process? _process;

    private RedisServer(string connectionString, string? directory, int port)
    {
        ConnectionString = connectionString;
        _directory = directory;
        _port = port;
    }

    public string ConnectionString { get; }

    /// <summary>True when the tests own this server and so may restart it.</summary>
    public bool CanRestart => _directory is not null;

    public static async Task<RedisServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("GOINGHOME_TEST_REDIS") is { Length: > 0 } existing)
        {
            return new RedisServer(existing, null, 0);
        }

        var port = LocalProcess.FreePort();
        var server = new RedisServer($"127.0.0.1:{port},abortConnect=false,connectTimeout=2000", Directory.CreateTempSubdirectory("goinghome-redis-").FullName, port);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Kills Redis without warning (SIGKILL) and starts it again from its append-only file.</summary>
    public async Task KillAndRestartAsync()
    {
        if (_process is not null)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        await StartProcessAsync();
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public Task StartAsyncAgain() => StartProcessAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }

    private async Task StartProcessAsync()
    {
        var redis = LocalProcess.FindBinary("redis-server", "/usr/bin", "/usr/local/bin");
        _process = LocalProcess.Start(
            redis, "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory!,
            "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "no");
        await LocalProcess.WaitUntilAsync(async () =>
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_port},connectTimeout=500");
            await connection.GetDatabase().PingAsync();
            return true;
        }, TimeSpan.FromSeconds(20), "Redis");
    }
}
