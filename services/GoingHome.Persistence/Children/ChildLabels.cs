using Google.Protobuf;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Persistence.Children;

/// <summary>
/// What a list shows of a child beside the work it lists: the names and date of birth Case last raised
/// (ChildCreated, ChildUpdated), kept by every service so a front end need not fetch each child to label a row.
/// </summary>
public sealed class ChildLabelEntity
{
    public required string ChildId { get; set; }

    public required string GivenName { get; set; }

    public required string FamilyName { get; set; }

    public DateOnly DateOfBirth { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A child's label as a list shows it.</summary>
public sealed record ChildLabel(string DisplayName, DateOnly DateOfBirth)
{
    /// <summary>Whole years on <paramref name="today"/>, as a birthday counts them (29 February counts on 1 March).</summary>
    public int AgeOn(DateOnly today)
    {
        var hadBirthday = (today.Month, today.Day).CompareTo((DateOfBirth.Month, DateOfBirth.Day)) >= 0;
        return today.Year - DateOfBirth.Year - (hadBirthday ? 0 : 1);
    }
}

public static class ChildLabels
{
    /// <summary>The copy of children's labels, in every service that lists a child's work (not Case, which owns them).</summary>
    public static ModelBuilder AddChildLabelTable(this ModelBuilder modelBuilder) => modelBuilder.Entity<ChildLabelEntity>(label =>
    {
        label.ToTable("child_labels");
        label.HasKey(l => l.ChildId);
        label.Property(l => l.ChildId).HasMaxLength(64);
        label.Property(l => l.GivenName).HasMaxLength(200);
        label.Property(l => l.FamilyName).HasMaxLength(200);
    });

    /// <summary>The labels of <paramref name="childIds"/> this service holds (one query per page); a child not yet heard of has none.</summary>
    public static async Task<IReadOnlyDictionary<string, ChildLabel>> ForAsync(DbContext db, IEnumerable<string> childIds, CancellationToken cancellationToken)
    {
        var ids = childIds.Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<string, ChildLabel>(StringComparer.Ordinal);
        }

        return await db.Set<ChildLabelEntity>().AsNoTracking().Where(l => ids.Contains(l.ChildId))
            .ToDictionaryAsync(l => l.ChildId, l => new ChildLabel($"{l.GivenName} {l.FamilyName}", l.DateOfBirth), StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>
    /// Fills <c>child_display_name</c> and <c>child_age_years</c> on each message from its <c>child_id</c> (the fields
    /// every list message of the contracts carries), with one query for them all. A child this service has not heard
    /// of keeps them empty; a restricted child never reaches here, as lists leave it out.
    /// </summary>
    public static async Task NameChildrenAsync(DbContext db, IReadOnlyCollection<IMessage> messages, DateOnly today, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var fields = messages.First().Descriptor.Fields;
        var (childId, name, age) = (fields.InDeclarationOrder().Single(f => f.Name == "child_id").Accessor,
            fields.InDeclarationOrder().Single(f => f.Name == "child_display_name").Accessor,
            fields.InDeclarationOrder().Single(f => f.Name == "child_age_years").Accessor);
        var labels = await ForAsync(db, messages.Select(m => (string)childId.GetValue(m)), cancellationToken);
        foreach (var message in messages)
        {
            if (labels.TryGetValue((string)childId.GetValue(message), out var label))
            {
                name.SetValue(message, label.DisplayName);
                age.SetValue(message, label.AgeOn(today));
            }
        }
    }
}
