using System.Globalization;

namespace GoingHome.ServiceDefaults.Errors;

/// <summary>Etags are a record's version number (AIP-154): every write moves it.</summary>
public static class Etags
{
    public static string Format(int version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>An etag the caller sent must be the stored one (ABORTED otherwise); an empty one is not checked.</summary>
    public static void RequireCurrent(int version, string? etag, string resourceType, Guid id)
    {
        if (!string.IsNullOrEmpty(etag) && etag != Format(version))
        {
            throw new EtagMismatchException(resourceType, id.ToString());
        }
    }
}
