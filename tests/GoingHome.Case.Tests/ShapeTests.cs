using GoingHome.Testing;

namespace GoingHome.Case.Tests;

public sealed class ShapeTests() : ServiceShapeTests(typeof(CaseExtensions).Assembly);
