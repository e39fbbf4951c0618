using System.Security.Cryptography;
using System.Text;
using GoingHome.Notifications.Domain;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.Time;

namespace GoingHome.Notifications.Tests;

/// <summary>Deadline planning, webhook rules and stream cursors: pure code.</summary>
public sealed class DeliveryRulesTests
{
    private static readonly WorkingDayCalendar Calendar = new(BankHolidays.Embedded());

    private static DateTimeOffset London(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0);
        return new DateTimeOffset(local, WorkingDayCalendar.London.GetUtcOffset(local));
    }

    [Fact(DisplayName = "NT-4: the reminder comes the configured working days before, skipping weekends and bank holidays")]
    public void NT4_ReminderLeadInWorkingDays()
    {
        // Due Tuesday 29 December 2026; the 25th and 28th are bank holidays, so two working days before is Wednesday 23rd.
        var plan = DeadlinePlan.Plan(Calendar, London(2026, 12, 29, 17), 2, "", 0);
        Assert.Equal(London(2026, 12, 23, 9), plan.RemindAt);
        Assert.Equal(London(2026, 12, 29, 17), plan.OverdueAt);
        Assert.Null(plan.EscalateAt);
    }

    [Fact(DisplayName = "NT-4: no reminder when the lead would not come before the due time")]
    public void NT4_NoReminderWithoutLead()
    {
        Assert.Null(DeadlinePlan.Plan(Calendar, London(2026, 11, 24, 8), 0, "", 0).RemindAt);
    }

    [Fact(DisplayName = "NS-3: unresolved drift escalates 20 working days after the due time")]
    public void NS3_EscalationAfterTwentyWorkingDays()
    {
        var plan = DeadlinePlan.Plan(Calendar, London(2026, 12, 1, 17), 2, "AD", 20);
        // 20 working days after Tuesday 1 December 2026, with Christmas Day and the Boxing Day holiday (Monday 28th) off.
        Assert.Equal(London(2026, 12, 31, 17), plan.EscalateAt);
    }

    [Theory(DisplayName = "NT-5: webhook URLs are absolute HTTPS, never loopback in production")]
    [InlineData("https://integrator.example.org/hooks", false, true)]
    [InlineData("http://integrator.example.org/hooks", false, false)]
    [InlineData("https://localhost/hooks", false, false)]
    [InlineData("https://127.0.0.1:8443/hooks", false, false)]
    [InlineData("http://127.0.0.1:5000/hooks", true, true)]
    [InlineData("http://localhost:5000/hooks", true, true)]
    [InlineData("http://integrator.example.org/hooks", true, false)]
    [InlineData("/relative/hooks", true, false)]
    [InlineData("ftp://integrator.example.org/hooks", true, false)]
    [InlineData("https://user:pw@integrator.example.org/hooks", false, false)]
    public void NT5_WebhookUrls(string url, bool allowLoopback, bool accepted)
    {
        var v = new Violations();
        WebhookRules.CheckUrl(v, url, allowLoopback);
        Assert.Equal(accepted, !v.Any);
    }

    [Fact(DisplayName = "NT-5: a delivery is signed with HMAC-SHA256 over the timestamp, a dot and the body")]
    public void NT5_Signature()
    {
        var body = Encoding.UTF8.GetBytes("""{"eventId":"e1"}""");
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("a-long-enough-secret"), Encoding.UTF8.GetBytes("1795000000." + """{"eventId":"e1"}""")));
        Assert.Equal(expected, WebhookRules.Sign("a-long-enough-secret", 1795000000, body));
        Assert.NotEqual(expected, WebhookRules.Sign("a-long-enough-secret", 1795000001, body));
    }

    [Fact(DisplayName = "NT-5: failed deliveries back off exponentially and are retried for at least 24 hours before the dead letter")]
    public void NT5_BackOffForAtLeastADay()
    {
        var first = DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var now = first;
        var delays = new List<TimeSpan>();
        for (var attempt = 1; ; attempt++)
        {
            var next = WebhookRules.NextAttempt(attempt, first, now, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), TimeSpan.FromHours(25));
            if (next is null)
            {
                break;
            }

            delays.Add(next.Value - now);
            now = next.Value;
        }

        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4)], delays.Take(4));
        Assert.Equal(TimeSpan.FromHours(1), delays[^1]);
        Assert.True(now - first >= TimeSpan.FromHours(24), $"retried for only {now - first}");
    }

    [Fact(DisplayName = "NT-5: a stream cursor round-trips and a malformed one is refused")]
    public void NT5_Cursor()
    {
        var v = new Violations();
        Assert.Equal(12345, StreamCursor.Notifications.Decode(v, StreamCursor.Notifications.Encode(12345)));
        Assert.Null(StreamCursor.Notifications.Decode(v, ""));
        Assert.False(v.Any);
        Assert.Null(StreamCursor.Notifications.Decode(v, "not-a-cursor"));
        Assert.True(v.Any);
    }
}
