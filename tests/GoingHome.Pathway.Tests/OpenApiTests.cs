using GoingHome.Testing;

namespace GoingHome.Pathway.Tests;

/// <summary>Pathway's OpenAPI document against its JSON routes.</summary>
public sealed class OpenApiTests(PathwayFixture service) : OpenApiDocumentTests<Program>(service), IClassFixture<PathwayFixture>;
