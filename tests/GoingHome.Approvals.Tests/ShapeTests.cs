using GoingHome.Testing;

namespace GoingHome.Approvals.Tests;

public sealed class ShapeTests() : ServiceShapeTests(typeof(ApprovalsExtensions).Assembly);
