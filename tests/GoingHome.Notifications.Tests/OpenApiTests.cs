using GoingHome.Testing;

namespace GoingHome.Notifications.Tests;

/// <summary>Notifications's OpenAPI document against its JSON routes.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class OpenApiTests(NotificationsFixture service) : OpenApiDocumentTests<Program>(service);
