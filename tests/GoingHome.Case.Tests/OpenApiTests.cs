using GoingHome.Testing;

namespace GoingHome.Case.Tests;

/// <summary>Case's OpenAPI document against its JSON routes.</summary>
[Collection(CaseCollection.Name)]
public sealed class OpenApiTests(CaseServiceFixture service) : OpenApiDocumentTests<Program>(service);
