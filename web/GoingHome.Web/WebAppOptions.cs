namespace GoingHome.Web;

/// <summary>The <c>WebApp</c> section: where the built app is and how people sign in.</summary>
public sealed class WebAppOptions
{
    public const string Section = "WebApp";

    /// <summary>The Vite build to serve, relative to the content root.</summary>
    public string Root { get; set; } = "../app/dist";

    /// <summary>The authority's OIDC provider; when set, people sign in there (authorization code with PKCE).</summary>
    public OidcOptions? Oidc { get; set; }

    /// <summary>Who the development sign-in offers; it exists only in Development and with a signing key.</summary>
    public List<DevelopmentPerson> DevelopmentPeople { get; set; } = [];
}

public sealed class OidcOptions
{
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string Scope { get; set; } = "openid profile";
}

public sealed record DevelopmentPerson(string Id, string Name, string[] Roles, string[] Teams);
