using GoingHome.ServiceDefaults.Auth;

namespace GoingHome.Testing;

/// <summary>A signing key made fresh for each test run, and tokens for named people in named roles.</summary>
public static class TestTokens
{
    public static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    public static string For(string userId, params string[] roles) =>
        DevelopmentTokens.Mint(SigningKey, userId, $"Test {userId}", roles, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    /// <summary>A member of <paramref name="team"/>, as the identity provider's team claim says.</summary>
    public static string InTeam(string userId, string team, params string[] roles) =>
        DevelopmentTokens.Mint(SigningKey, userId, $"Test {userId}", roles, TimeSpan.FromHours(1), DateTimeOffset.UtcNow, teams: [team]);
}
