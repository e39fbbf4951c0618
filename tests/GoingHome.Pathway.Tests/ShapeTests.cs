using GoingHome.Testing;

namespace GoingHome.Pathway.Tests;

public sealed class ShapeTests() : ServiceShapeTests(typeof(PathwayExtensions).Assembly);
