using GoingHome.Testing;

namespace GoingHome.Assessment.Tests;

public sealed class ShapeTests() : ServiceShapeTests(typeof(AssessmentExtensions).Assembly);
