using GoingHome.Testing;

namespace GoingHome.Assessment.Tests;

/// <summary>Assessment's OpenAPI document against its JSON routes.</summary>
[Collection(AssessmentCollection.Name)]
public sealed class OpenApiTests(AssessmentFixture service) : OpenApiDocumentTests<Program>(service);
