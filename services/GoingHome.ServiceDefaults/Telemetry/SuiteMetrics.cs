using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GoingHome.ServiceDefaults.Telemetry;

/// <summary>
/// The suite's own activity source and meter ("GoingHome"), and the counters of the work it exists for: decisions
/// taken on approval steps, and notices that reached the people and systems they were for.
/// </summary>
public static class SuiteMetrics
{
    public static readonly ActivitySource Source = new(TelemetryExtensions.SourceName);

    public static readonly Meter Meter = new(TelemetryExtensions.SourceName);

    private static readonly Counter<long> StepsDecided = Meter.CreateCounter<long>(
        "goinghome.approvals.steps_decided", "{step}", "Approval steps decided, by action, decision and the role that decided.");

    private static readonly Counter<long> NoticesDelivered = Meter.CreateCounter<long>(
        "goinghome.notifications.delivered", "{notice}", "Notices delivered: written to an inbox, or accepted by a webhook subscriber.");

    public static void StepDecided(string action, string decision, string role) =>
        StepsDecided.Add(1, new("goinghome.approval.action", action), new("goinghome.approval.decision", decision), new("goinghome.approval.role", role));

    public static void Delivered(string channel, int count) =>
        NoticesDelivered.Add(count, new KeyValuePair<string, object?>("goinghome.notification.channel", channel));
}
