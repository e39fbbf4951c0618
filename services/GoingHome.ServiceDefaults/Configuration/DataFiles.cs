using System.Text.Json;
using System.Text.Json.Serialization;

namespace GoingHome.ServiceDefaults.Configuration;

/// <summary>
/// The authority's rule files (approval policies, routing tables, pathway templates): strict JSON (no unknown members,
/// comments allowed), read whole at start-up. Any problem stops the service naming the file, the JSON line or path and
/// what is wrong, so a file is never half-loaded.
/// </summary>
public static class DataFiles
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static T Deserialize<T>(string json, string kind, string source)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new DataFileException(kind, source, "$", "the file is empty");
        }
        catch (JsonException ex)
        {
            throw new DataFileException(kind, source, $"line {(ex.LineNumber ?? 0) + 1}, {ex.Path ?? "$"}", ex.Message);
        }
    }

    /// <summary>Throws for the first problem's location, listing every problem, when there are any.</summary>
    public static void ThrowIfAny(IReadOnlyList<(string Path, string Problem)> problems, string kind, string source)
    {
        if (problems.Count > 0)
        {
            throw new DataFileException(kind, source, problems[0].Path, string.Join("; ", problems.Select(p => $"{p.Path}: {p.Problem}")));
        }
    }
}

public sealed class DataFileException(string kind, string file, string location, string problem)
    : Exception($"{kind} {file} is invalid at {location}: {problem}");
