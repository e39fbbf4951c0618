using GoingHome.Events.V1;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GoingHome.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// Redis from <c>ConnectionStrings:redis</c>, the outbox for <typeparamref name="TDbContext"/> and its relay. The
    /// outbox's interceptors are registered as EF Core interceptors, which the service's database registration adds
    /// to its context (or add them yourself with <see cref="AddOutboxInterceptors"/>).
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
        builder.Services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<OutboxCommitInterceptor>());
        builder.Services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<OutboxSaveInterceptor>());
        builder.Services.AddScoped<EventOutbox<TDbContext>>();
        builder.Services.AddHostedService<OutboxRelay<TDbContext>>();
        if (serviceName != RecordRestrictionHandler<TDbContext>.Topic)
        {
            // Every service hides restricted records; Case, which owns them, writes its copy with the change itself.
            builder.Services.AddEventHandler<TDbContext, GoingHome.Events.V1.ChildRecordRestrictionChanged, RecordRestrictionHandler<TDbContext>>(
                RecordRestrictionHandler<TDbContext>.Topic, serviceName);
            // And every service's lists name the child, from the labels Case raises.
            builder.Services.AddEventObserver<TDbContext, GoingHome.Events.V1.ChildCreated, ChildLabelHandler<TDbContext>>(RecordRestrictionHandler<TDbContext>.Topic, serviceName);
            builder.Services.AddEventObserver<TDbContext, GoingHome.Events.V1.ChildUpdated, ChildLabelHandler<TDbContext>>(RecordRestrictionHandler<TDbContext>.Topic, serviceName);
        }

        return builder;
    }

    public static DbContextOptionsBuilder AddOutboxInterceptors(this DbContextOptionsBuilder options, IServiceProvider services) =>
        options.AddInterceptors(services.GetRequiredService<OutboxCommitInterceptor>(), services.GetRequiredService<OutboxSaveInterceptor>());

    /// <summary>
    /// <typeparamref name="THandler"/> applies each <typeparamref name="TEvent"/> on <paramref name="topic"/> for the
    /// consumer group <paramref name="group"/>; a payload that is not a <typeparamref name="TEvent"/> is dead-lettered.
    /// </summary>
    public static IServiceCollection AddEventHandler<TDbContext, TEvent, THandler>(this IServiceCollection services, string topic, string group)
        where TDbContext : DbContext
        where TEvent : IMessage<TEvent>, new()
        where THandler : class, IEventHandler<TEvent>
    {
        services.TryAddScoped<THandler>();
        Subscribe<TDbContext>(services, topic, group).Add(new TEvent().Descriptor.FullName, Typed<TEvent, THandler>);
        return services;
    }

    /// <summary><typeparamref name="THandler"/> observes each <typeparamref name="TEvent"/> (see <see cref="EventSubscription.Observe"/>).</summary>
    public static IServiceCollection AddEventObserver<TDbContext, TEvent, THandler>(this IServiceCollection services, string topic, string group)
        where TDbContext : DbContext
        where TEvent : IMessage<TEvent>, new()
        where THandler : class, IEventHandler<TEvent>
    {
        services.TryAddScoped<THandler>();
        Subscribe<TDbContext>(services, topic, group).Observe(new TEvent().Descriptor.FullName, Typed<TEvent, THandler>);
        return services;
    }

    private static Task Typed<TEvent, THandler>(IServiceProvider services, EventEnvelope envelope, CancellationToken cancellationToken)
        where TEvent : IMessage<TEvent>, new()
        where THandler : class, IEventHandler<TEvent>
    {
        TEvent @event;
        try
        {
            @event = envelope.Payload.Unpack<TEvent>();
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new MalformedEventException($"{envelope.Type} payload cannot be read: {ex.Message}");
        }

        return services.GetRequiredService<THandler>().HandleAsync(@event, envelope, cancellationToken);
    }

    /// <summary><typeparamref name="THandler"/> applies every event on <paramref name="topic"/> for <paramref name="group"/>.</summary>
    public static IServiceCollection AddEventHandler<TDbContext, THandler>(this IServiceCollection services, string topic, string group)
        where TDbContext : DbContext
        where THandler : class, IEventHandler
    {
        services.TryAddScoped<THandler>();
        Subscribe<TDbContext>(services, topic, group).Add(EventSubscription.AnyType, (sp, envelope, ct) => sp.GetRequiredService<THandler>().HandleAsync(envelope, ct));
        return services;
    }

    /// <summary>The group's subscription to the topic, with its consumer, made on first use.</summary>
    private static EventSubscription Subscribe<TDbContext>(IServiceCollection services, string topic, string group)
        where TDbContext : DbContext
    {
        var existing = services.Select(d => d.ImplementationInstance).OfType<EventSubscription>().FirstOrDefault(s => s.Topic == topic && s.Group == group);
        if (existing is not null)
        {
            return existing;
        }

        var subscription = new EventSubscription(topic, group);
        services.AddSingleton(subscription);
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<EventConsumer<TDbContext>>(sp, subscription));
        return subscription;
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
