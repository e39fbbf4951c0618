using System.Net;
using System.Security.Cryptography;
using System.Text;
using GoingHome.ServiceDefaults.Errors;

namespace GoingHome.Notifications.Domain;

/// <summary>What a webhook may point at, how deliveries are signed, and when a failed delivery is tried again.</summary>
public static class WebhookRules
{
    public const int MinimumSecretLength = 16;

    /// <summary>
    /// Absolute HTTPS, never loopback, unless the deployment allows loopback (development and tests), where plain
    /// HTTP to loopback is accepted too.
    /// </summary>
    public static void CheckUrl(Violations v, string url, bool allowLoopback)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            v.Add("subscription.url", "must be an absolute https:// URL");
            return;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            v.Add("subscription.url", "must not carry credentials; the secret signs each delivery instead");
        }

        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
        if (loopback && !allowLoopback)
        {
            v.Add("subscription.url", "must not point at loopback in this deployment");
        }
        else if (uri.Scheme == "http" && !loopback)
        {
            v.Add("subscription.url", "must use https");
        }
    }

    /// <summary>"v1=" and the hex HMAC-SHA256, under the secret, of the timestamp (Unix seconds), a dot and the body.</summary>
    public static string Sign(string secret, long unixTimestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{unixTimestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>
    /// The Standard Webhooks signer for a subscription: its key is the secret's UTF-8 bytes, which an integrator's
    /// library takes as "whsec_" followed by their base64 (<see cref="StandardKey"/>).
    /// </summary>
    public static StandardWebhooks.StandardWebhook StandardWebhook(string secret) => new(Encoding.UTF8.GetBytes(secret));

    /// <summary>The subscription's secret as a Standard Webhooks signing key ("whsec_..."), for the integrator's verifier.</summary>
    public static string StandardKey(string secret) => "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));

    /// <summary>
    /// After the <paramref name="attempts"/>th failure: exponential back-off from <paramref name="firstDelay"/>, doubling
    /// up to <paramref name="maxDelay"/>; null once the retry period from the first attempt is spent (dead letter).
    /// </summary>
    public static DateTimeOffset? NextAttempt(int attempts, DateTimeOffset firstAttempt, DateTimeOffset now, TimeSpan firstDelay, TimeSpan maxDelay, TimeSpan retryPeriod)
    {
        var exponent = Math.Min(attempts - 1, 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(firstDelay.Ticks * Math.Pow(2, exponent), maxDelay.Ticks));
        var next = now + delay;
        return next - firstAttempt > retryPeriod ? null : next;
    }
}
