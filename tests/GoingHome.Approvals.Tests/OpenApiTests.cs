using GoingHome.Testing;

namespace GoingHome.Approvals.Tests;

/// <summary>Approvals's OpenAPI document against its JSON routes.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class OpenApiTests(ApprovalsFixture service) : OpenApiDocumentTests<Program>(service);
