using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace GoingHome.ServiceDefaults.Auth;

/// <summary>Mints the tokens the development issuer, the runner, the tests and the benchmarks use.</summary>
public static class DevelopmentTokens
{
    /// <summary>The one algorithm the development issuer signs with, and so the only one the services accept from it.</summary>
    public const string Algorithm = SecurityAlgorithms.HmacSha256;

    public static string Mint(
        string signingKey, string userId, string name, IEnumerable<string> roles, TimeSpan lifetime, DateTimeOffset now,
        string issuer = AuthExtensions.DefaultIssuer, string audience = AuthExtensions.DefaultAudience, string algorithm = Algorithm,
        IEnumerable<string>? teams = null)
    {
        var claims = new List<Claim> { new(CurrentUser.SubjectClaim, userId), new(CurrentUser.NameClaim, name) };
        claims.AddRange(roles.Select(r => new Claim(CurrentUser.RoleClaim, r)));
        claims.AddRange((teams ?? []).Select(t => new Claim(CurrentUser.TeamClaim, t)));
        var credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), algorithm);
        var token = new JwtSecurityToken(issuer, audience, claims, now.UtcDateTime, now.Add(lifetime).UtcDateTime, credentials);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
