using GoingHome.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Persistence;

public static class Records
{
    /// <summary>
    /// The record whose Guid key "Id" is <paramref name="id"/>: INVALID_ARGUMENT naming <paramref name="field"/> when it
    /// is not an id at all, NOT_FOUND when no such record exists.
    /// </summary>
    public static async Task<T> FindByIdAsync<T>(this IQueryable<T> source, string resourceType, string id, string field, CancellationToken cancellationToken)
        where T : class
    {
        var key = ParseId(resourceType, id, field);
        return await source.FirstOrDefaultAsync(e => EF.Property<Guid>(e, "Id") == key, cancellationToken)
            ?? throw new ResourceNotFoundException(resourceType, id);
    }

    /// <summary>The Guid in <paramref name="id"/>; INVALID_ARGUMENT naming <paramref name="field"/> when it is not one.</summary>
    public static Guid ParseId(string resourceType, string id, string field) =>
        Guid.TryParse(id, out var key) ? key : throw new ValidationFailedException([new FieldViolation(field, $"must be a {resourceType} id")]);
}
