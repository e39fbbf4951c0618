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
        builder.Services.AddGoingHomeRedis(builder.Configuration);
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

    /// <summary>One multiplexer per process; it reconnects by itself, so a service starts while Redis is still away.</summary>
    public static IServiceCollection AddGoingHomeRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IConnectionMultiplexer>(sp =>
        {
            var connectionString = configuration.GetConnectionString("redis")
                ?? throw new InvalidOperationException("ConnectionStrings:redis is not set.");
            var redisOptions = ConfigurationOptions.Parse(connectionString);
            redisOptions.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(redisOptions, new LoggerTextWriter(sp.GetRequiredService<ILoggerFactory>()));
        });
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        return services;
    }
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:F1} ms");
        }
        catch (RedisException ex)
        {
            return HealthCheckResult.Unhealthy("Redis is not answering", ex);
        }
    }
}

/// <summary>Sends the multiplexer's connection log to the logging pipeline instead of the console.</summary>
internal sealed class LoggerTextWriter(ILoggerFactory loggers) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
{
    private readonly ILogger _logger = loggers.CreateLogger("StackExchange.Redis");

    public override void WriteLine(string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            _logger.LogDebug("{Message}", value);
        }
    }
}
