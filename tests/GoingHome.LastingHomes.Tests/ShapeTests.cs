using GoingHome.Testing;

namespace GoingHome.LastingHomes.Tests;

public sealed class ShapeTests() : ServiceShapeTests(typeof(LastingHomesExtensions).Assembly);
