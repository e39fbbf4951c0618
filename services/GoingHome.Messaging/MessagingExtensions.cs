using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GoingHome.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// Redis from <c>ConnectionStrings:redis</c>, the outbox for <typeparamref name="TDbContext"/> and its relay.
    /// Add <see cref="OutboxCommitInterceptor"/> and <see cref="OutboxSaveInterceptor"/> to the DbContext options
    /// with <see cref="AddOutboxInterceptors"/>.
    /// </summary>
    public static IHostApplicationBuilder AddGoingHomeMessaging<TDbContext>(this IHostApplicationBuilder builder, string serviceName)
        where TDbContext : DbContext
    {
        var options = builder.Configuration.GetSection("Messaging").Get<MessagingOptions>() ?? new MessagingOptions();
        options.ServiceName = serviceName;
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddGoingHomeRedis();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxCommitInterceptor>();
        builder.Services.AddSingleton<OutboxSaveInterceptor>();
        builder.Services.AddScoped<EventOutbox<TDbContext>>();
        builder.Services.AddHostedService<OutboxRelay<TDbContext>>();
        return builder;
    }

    public static DbContextOptionsBuilder AddOutboxInterceptors(this DbContextOptionsBuilder options, IServiceProvider services) =>
        options.AddInterceptors(services.GetRequiredService<OutboxCommitInterceptor>(), services.GetRequiredService<OutboxSaveInterceptor>());

    /// <summary>Consumes <paramref name="topic"/> as the consumer group <paramref name="group"/> with the given handler.</summary>
    public static IServiceCollection AddEventHandler<TDbContext, THandler>(this IServiceCollection services, string topic, string group)
        where TDbContext : DbContext
        where THandler : class, IEventHandler
    {
        services.AddScoped<THandler>();
        var subscription = new EventSubscription(topic, group, typeof(THandler));
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<EventConsumer<TDbContext>>(sp, subscription));
        return services;
    }

    /// <summary>
    /// One multiplexer per process from <c>ConnectionStrings:redis</c>, through Aspire's Redis client integration (its
    /// health check, tracing and metrics); it reconnects by itself, so a service starts while Redis is still away.
    /// </summary>
    public static IHostApplicationBuilder AddGoingHomeRedis(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient("redis", configureOptions: options => options.AbortOnConnectFail = false);
        return builder;
    }
}
