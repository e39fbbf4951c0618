using GoingHome.Persistence.Restrictions;
using GoingHome.ServiceDefaults.Auth;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoingHome.Persistence;

public static class DatabaseExtensions
{
    /// <summary>
    /// The service's own PostgreSQL database from <c>ConnectionStrings:{connectionName}</c>, with its unit of work, the
    /// audit log and its writer, and a health check. Every EF Core interceptor registered in the container (the
    /// outbox's, when messaging is added) joins the context, so an event commits in the same transaction as its change.
    /// </summary>
    public static IHostApplicationBuilder AddGoingHomeDatabase<TDbContext>(this IHostApplicationBuilder builder, string connectionName)
        where TDbContext : DbContext
    {
        var connectionString = WithStatementPreparation(builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not set."));
        // The pool keeps returned contexts for reuse; more than the connection pool could ever serve at once is memory
        // held for nothing (a thousand live streams each lease one for their lifetime).
        var contextPoolSize = builder.Configuration.GetValue("Database:ContextPoolSize", 128);
        builder.Services.AddDbContextPool<TDbContext>((sp, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .AddInterceptors(sp.GetServices<IInterceptor>()), contextPoolSize);
        builder.Services.AddScoped<UnitOfWork<TDbContext>>();
        builder.Services.AddScoped<RequestFingerprint>();
        builder.Services.AddScoped<IdempotencyStore<TDbContext>>();
        builder.Services.AddSingleton<RecordRestrictions>();
        builder.Services.AddHostedService<RecordRestrictionRefresher<TDbContext>>();
        builder.Services.Configure<GrpcServiceOptions>(options =>
        {
            // Restricted records first: a kept answer is no more the caller's to see than the record.
            options.Interceptors.Add<RecordRestrictionInterceptor>();
            // Then who the caller is to the child (ACC-1), before any answer, kept or new, is made for them.
            options.Interceptors.Add<ChildRelationshipInterceptor>();
            options.Interceptors.Add<IdempotencyInterceptor<TDbContext>>();
        });
        builder.Services.AddSingleton<ReadAuditQueue>();
        builder.Services.AddScoped<Auditor>();
        builder.Services.AddScoped<IAccessRefusals>(sp => sp.GetRequiredService<Auditor>());
        builder.Services.AddHostedService<ReadAuditWriter<TDbContext>>();
        builder.Services.AddSingleton(AuditChainKey.From(builder.Configuration));
        builder.Services.AddScoped<AuditLog<TDbContext>>();
        builder.Services.AddHostedService<AuditSealer<TDbContext>>();
        // Aspire's PostgreSQL client integration adds its health check, Npgsql tracing and metrics to this registration.
        // Its retrying execution strategy stays off: the unit of work opens transactions of its own, which that strategy
        // refuses, and a transient failure is answered UNAVAILABLE for the caller to retry with the same request_id.
        builder.EnrichNpgsqlDbContext<TDbContext>(settings => settings.DisableRetry = true);
        return builder;
    }

    /// <summary>The same few statements run all day: let Npgsql prepare them once per connection, unless told otherwise.</summary>
    private static string WithStatementPreparation(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 100;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Applies migrations when <c>Database:MigrateOnStartup</c> is true (the default in Development; the runner and
    /// tests set it). With <c>--migrate-only</c> on the command line it migrates and tells the caller to exit: the
    /// production command.
    /// </summary>
    public static async Task<bool> MigrateAsync<TDbContext>(this WebApplication app, string[] args)
        where TDbContext : DbContext
    {
        var migrateOnly = args.Contains("--migrate-only");
        if (migrateOnly || app.Configuration.GetValue("Database:MigrateOnStartup", app.Environment.IsDevelopment()))
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TDbContext>().Database.MigrateAsync();
            app.Logger.LogInformation("Database migrations for {Context} applied", typeof(TDbContext).Name);
        }

        return migrateOnly;
    }
}
