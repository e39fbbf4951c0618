namespace GoingHome.Messaging;

/// <summary>Tuning for the relay and consumers; bound from the <c>Messaging</c> configuration section.</summary>
public sealed class MessagingOptions
{
    /// <summary>The service that raises events (the envelope's source).</summary>
    public string ServiceName { get; set; } = "";

    public int RelayBatchSize { get; set; } = 200;

    /// <summary>How often the relay looks for unsent rows when no commit has woken it.</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the relay lets commits gather after the first wakes it, so a busy service publishes in batches instead
    /// of one relay transaction per write. Adds at most this much to an event's delivery time.
    /// </summary>
    public TimeSpan RelayLinger { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Approximate cap on each stream; far above what consumers fall behind by.</summary>
    public int StreamMaxLength { get; set; } = 1_000_000;

    public int ConsumerBatchSize { get; set; } = 100;

    /// <summary>A pending entry idle this long belongs to a consumer that died, and is claimed by another.</summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After this many failed deliveries an entry goes to the dead-letter stream.</summary>
    public int MaxDeliveries { get; set; } = 5;

    public TimeSpan MinPollDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan MaxPollDelay { get; set; } = TimeSpan.FromSeconds(2);
}

public static class Streams
{
    public static string ForTopic(string topic) => $"goinghome.{topic}";

    public static string DeadLetter(string topic) => $"goinghome.{topic}.dead";

    public static string WakeChannel(string topic) => $"goinghome.{topic}.wake";

    public static string Attempts(string topic, string group) => $"goinghome.{topic}.attempts.{group}";

    public const string IdField = "id";
    public const string TypeField = "type";
    public const string PayloadField = "payload";
}
