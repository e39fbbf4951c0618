using GoingHome.Testing;

namespace GoingHome.Platform.Tests;

/// <summary>One throwaway PostgreSQL and one Redis for the messaging tests; each test takes its own database and topic.</summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        Redis = await RedisServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "infrastructure";
}
