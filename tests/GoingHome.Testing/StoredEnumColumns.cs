using GoingHome.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Testing;

/// <summary>
/// Storage decoupled from the wire: every enum column should go through a written-out <see cref="StoredCodes{TEnum}"/>
/// table, never the value's name or number, so renaming a proto enum value leaves stored rows readable.
/// </summary>
public static class StoredEnumColumns
{
    /// <summary>The model of <typeparamref name="TDbContext"/> as PostgreSQL would see it, built without connecting.</summary>
    public static TDbContext ModelOnly<TDbContext>(Func<DbContextOptions<TDbContext>, TDbContext> create)
        where TDbContext : DbContext => create(new DbContextOptionsBuilder<TDbContext>().UseNpgsql("Host=model-only").Options);

    /// <summary>Every enum column of the model, and whether it is stored through a code table.</summary>
    public static IReadOnlyList<(string Column, bool Explicit)> Of(DbContext db) =>
        [.. db.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
            .Where(p => (Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType).IsEnum)
            .Select(p => ($"{p.DeclaringType.DisplayName()}.{p.Name}",
                p.GetValueConverter()?.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(StoredCodesConverter<>)))];
}
