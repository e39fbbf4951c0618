using GoingHome.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoingHome.Platform.Tests;

[Collection(InfrastructureCollection.Name)]
public sealed class ReadAuditWriterTests(InfrastructureFixture infrastructure)
{
    private async Task<IHost> StartAsync()
    {
        var connectionString = await infrastructure.Postgres.CreateDatabaseAsync("audit");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDbContext<MessagingTestDbContext>(o => o.UseNpgsql(connectionString));
        builder.Services.AddSingleton<ReadAuditQueue>();
        builder.Services.AddHostedService<ReadAuditWriter<MessagingTestDbContext>>();
        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MessagingTestDbContext>().Database.EnsureCreatedAsync();
        }

        await host.StartAsync();
        return host;
    }

    private static AuditEntity Read(int i) => new()
    {
        OccurredAt = DateTimeOffset.UtcNow,
        UserId = "iro-1",
        Role = "IRO",
        Method = "/goinghome.case.v1.CaseService/GetChild",
        ChildId = $"child-{i}",
        Access = AuditEntity.Read,
    };

    private static async Task<int> CountAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MessagingTestDbContext>().Set<AuditEntity>().CountAsync();
    }

    [Fact]
    public async Task Read_audit_rows_are_written_within_a_second_or_so()
    {
        using var host = await StartAsync();
        var queue = host.Services.GetRequiredService<ReadAuditQueue>();
        for (var i = 0; i < 25; i++)
        {
            queue.Enqueue(Read(i));
        }

        for (var attempt = 0; attempt < 60 && await CountAsync(host) < 25; attempt++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(25, await CountAsync(host));
        await host.StopAsync();
    }

    [Fact]
    public async Task Rows_queued_just_before_shutdown_are_still_written()
    {
        using var host = await StartAsync();
        var queue = host.Services.GetRequiredService<ReadAuditQueue>();
        for (var i = 0; i < 500; i++)
        {
            queue.Enqueue(Read(i));
        }

        await host.StopAsync();

        Assert.Equal(500, await CountAsync(host));
    }
}
