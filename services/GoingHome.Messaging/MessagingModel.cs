using Microsoft.EntityFrameworkCore;

namespace GoingHome.Messaging;

/// <summary>An event waiting to be relayed: written in the same transaction as the change that raised it.</summary>
public sealed class OutboxMessage
{
    public long Sequence { get; set; }

    public required string EventId { get; set; }

    public required string Topic { get; set; }

    public required string Type { get; set; }

    /// <summary>The serialized EventEnvelope.</summary>
    public required byte[] Envelope { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>An event a consumer has applied: written in the same transaction as its effect.</summary>
public sealed class InboxMessage
{
    public required string Consumer { get; set; }

    public required string EventId { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }
}

public static class MessagingModel
{
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Sequence);
            outbox.Property(m => m.Sequence).ValueGeneratedOnAdd();
            outbox.Property(m => m.EventId).HasMaxLength(64);
            outbox.Property(m => m.Topic).HasMaxLength(100);
            outbox.Property(m => m.Type).HasMaxLength(200);
            outbox.HasIndex(m => m.EventId).IsUnique();
            // The relay's query: unsent rows in order. A partial index stays small however long the table grows.
            outbox.HasIndex(m => m.Sequence).HasFilter("\"SentAt\" IS NULL").HasDatabaseName("ix_outbox_unsent");
        });
        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.Consumer, m.EventId });
            inbox.Property(m => m.Consumer).HasMaxLength(100);
            inbox.Property(m => m.EventId).HasMaxLength(64);
        });
        return modelBuilder;
    }
}
