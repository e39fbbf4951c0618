using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GoingHome.Case.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the service (it never connects).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CaseDbContext>
{
    public CaseDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CaseDbContext>()
            .UseNpgsql("Host=localhost;Database=casedb", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .Options);
}
