using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace GoingHome.ServiceDefaults.Auth;

/// <summary>Mints the tokens the development issuer, the runner, the tests and the benchmarks use.</summary>
public static class DevelopmentTokens
{
    public static string Mint(
        string signingKey, string userId, string name, IEnumerable<string> roles, TimeSpan lifetime, DateTimeOffset now,
        string issuer = AuthExtensions.DefaultIssuer, string audience = AuthExtensions.DefaultAudience)
    {
        var claims = new List<Claim> { new(CurrentUser.SubjectClaim, userId), new(CurrentUser.NameClaim, name) };
        claims.AddRange(roles.Select(r => new Claim(CurrentUser.RoleClaim, r)));
        var credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256);
        var token = new JwtSecurityToken(issuer, audience, claims, now.UtcDateTime, now.Add(lifetime).UtcDateTime, credentials);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
