using GoingHome.Testing;

namespace GoingHome.Notifications.Tests;

public sealed class ShapeTests() : ServiceShapeTests(typeof(NotificationsExtensions).Assembly);
