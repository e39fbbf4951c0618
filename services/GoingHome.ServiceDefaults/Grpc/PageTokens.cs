using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GoingHome.ServiceDefaults.Errors;
using Google.Protobuf;

namespace GoingHome.ServiceDefaults.Grpc;

/// <summary>
/// Opaque page tokens (AIP-158): the offset of the next page, bound to the query it came from, so a token used with
/// another filter or list is refused rather than silently skipping records. URL-safe, since screens pass them in query
/// strings of the JSON routes.
/// </summary>
public static class PageTokens
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static string Encode(long offset, string query) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{offset}|{Fingerprint(query)}"));

    public static int Decode(Violations v, string pageToken, string query) => (int)Math.Min(DecodeKey(v, pageToken, query) ?? 0, int.MaxValue);

    /// <summary>
    /// For keyset paging over a list that grows at the top while it is read (an inbox): the token holds the key of the
    /// last item returned, and the next page starts after it; null for the first page. <paramref name="field"/> names the
    /// request field a bad token is reported against.
    /// </summary>
    public static long? DecodeKey(Violations v, string pageToken, string query, string field = "page_token")
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return null;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(pageToken)).Split('|');
            if (parts.Length == 2 && long.TryParse(parts[0], out var key) && key >= 0 && parts[1] == Fingerprint(query))
            {
                return key;
            }
        }
        catch (FormatException)
        {
            // Reported below with every other kind of bad token.
        }

        v.Add(field, "is not a token from this list with the same filter and order");
        return null;
    }

    /// <summary>
    /// The query a token is bound to: the list request itself without its page token and size (every filter and order it
    /// has, including ones added later), and <paramref name="scope"/> for what the request does not say (whose inbox).
    /// </summary>
    public static string Query(IMessage request, string scope = "")
    {
        var query = request.Descriptor.Parser.ParseFrom(request.ToByteString());
        foreach (var paging in new[] { "page_token", "page_size" }.Select(request.Descriptor.FindFieldByName).OfType<Google.Protobuf.Reflection.FieldDescriptor>())
        {
            paging.Accessor.Clear(query);
        }

        return $"{request.Descriptor.FullName}|{scope}|{Convert.ToBase64String(query.ToByteArray())}";
    }

    public static int PageSize(Violations v, int pageSize)
    {
        v.Require(pageSize is >= 0 and <= MaxPageSize, "page_size", $"must be between 0 and {MaxPageSize}");
        return pageSize == 0 ? DefaultPageSize : Math.Clamp(pageSize, 1, MaxPageSize);
    }

    /// <summary>The token for the page after this one, or empty when this was the last.</summary>
    public static string Next(int offset, int pageSize, int returned, int total, string query) =>
        offset + returned < total && returned == pageSize ? Encode(offset + returned, query) : "";

    private static string Fingerprint(string query) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(query)))[..16];
}
