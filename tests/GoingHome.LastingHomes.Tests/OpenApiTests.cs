using GoingHome.Testing;

namespace GoingHome.LastingHomes.Tests;

/// <summary>LastingHomes's OpenAPI document against its JSON routes.</summary>
public sealed class OpenApiTests(LastingHomesFixture service) : OpenApiDocumentTests<Program>(service), IClassFixture<LastingHomesFixture>;
