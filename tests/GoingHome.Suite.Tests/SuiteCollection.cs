namespace GoingHome.Suite.Tests;

/// <summary>One suite of six services for the journeys, which each keep to their own child and people.</summary>
[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<SharedSuite>
{
    public const string Name = "suite";
}

/// <summary>The journeys' suite: the AppHost, one copy of each service.</summary>
public sealed class SharedSuite : AspireSuite;
