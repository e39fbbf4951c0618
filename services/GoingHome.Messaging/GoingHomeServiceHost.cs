using GoingHome.ServiceDefaults;
using GoingHome.ServiceDefaults.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Messaging;

/// <summary>The shape every GoingHome service host shares: defaults, its own database and messaging, its gRPC API.</summary>
public static class GoingHomeServiceHost
{
    /// <summary>
    /// Builds and runs a service named <paramref name="name"/> (its event topic and telemetry name) with the database
    /// <c>ConnectionStrings:{database}</c>; <paramref name="configure"/> adds what is the service's own. With
    /// <c>--migrate-only</c> it applies migrations and exits.
    /// </summary>
    public static async Task RunAsync<TDbContext, TGrpcService>(string[] args, string name, string database, Action<WebApplicationBuilder>? configure = null)
        where TDbContext : DbContext
        where TGrpcService : class
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults(name);
        builder.AddGoingHomeDatabase<TDbContext>(database, name);
        configure?.Invoke(builder);

        var app = builder.Build();
        if (await app.MigrateAsync<TDbContext>(args))
        {
            return;
        }

        app.MapDefaultEndpoints();
        app.MapGoingHomeGrpcService<TGrpcService>();
        await app.RunAsync();
    }
}
