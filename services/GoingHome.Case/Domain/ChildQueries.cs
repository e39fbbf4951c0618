using GoingHome.Case.Data;

namespace GoingHome.Case.Domain;

/// <summary>Turns a parsed <see cref="ChildQuery"/> into a query the database runs.</summary>
public static class ChildQueries
{
    public static IQueryable<ChildEntity> Apply(IQueryable<ChildEntity> children, ChildQuery query, DateOnly today)
    {
        foreach (var term in query.Filter)
        {
            children = term.Field switch
            {
                "team_id" => children.Where(c => c.Allocations.Any(a => a.EndedAt == null && a.TeamId == term.Value)),
                "worker_id" => children.Where(c => c.Allocations.Any(a => a.EndedAt == null && a.WorkerId == term.Value)),
                "family_name" => children.Where(c => c.FamilyName == term.Value),
                "given_name" => children.Where(c => c.GivenName == term.Value),
                "name" => Named(children, term.Value),
                "local_id" => children.Where(c => c.LocalId == term.Value),
                "nhs_number" => children.Where(c => c.NhsNumber == NhsDigits(term.Value)),
                "legal_status" => LegalStatus(children, term),
                "age" => Age(children, term.Operator, int.Parse(term.Value, System.Globalization.CultureInfo.InvariantCulture), today),
                _ => throw new InvalidOperationException($"Unchecked filter field {term.Field}"),
            };
        }

        return children;
    }

    public static IQueryable<ChildEntity> Order(IQueryable<ChildEntity> children, IReadOnlyList<(string Field, bool Descending)> order)
    {
        IOrderedQueryable<ChildEntity>? ordered = null;
        foreach (var (field, descending) in order.Count > 0 ? order : [("family_name", false), ("given_name", false)])
        {
            ordered = field switch
            {
                "family_name" => Then(ordered, children, c => c.FamilyName, descending),
                "given_name" => Then(ordered, children, c => c.GivenName, descending),
                "date_of_birth" => Then(ordered, children, c => c.DateOfBirth, descending),
                _ => Then(ordered, children, c => c.CreatedAt, descending),
            };
        }

        // The id breaks ties, so pages never overlap or skip.
        return ordered!.ThenBy(c => c.Id);
    }

    /// <summary>
    /// A search box's <c>name:"ava re"</c>: every word the caller typed is in the given or family name (any case, any
    /// order), so "Reed", "ava" and "Ava Reed" all find Ava Reed.
    /// </summary>
    private static IQueryable<ChildEntity> Named(IQueryable<ChildEntity> children, string text)
    {
        foreach (var word in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            children = children.Where(c => c.GivenName.ToLower().Contains(word) || c.FamilyName.ToLower().Contains(word));
        }

        return children;
    }

    /// <summary>NHS numbers are kept as ten digits; a search may be typed with spaces ("943 476 5919").</summary>
    private static string NhsDigits(string value) => new([.. value.Where(char.IsAsciiDigit)]);

    private static IQueryable<ChildEntity> LegalStatus(IQueryable<ChildEntity> children, FilterTerm term)
    {
        var status = ChildQuery.ParseLegalStatus(term.Value);
        return term.Operator == "="
            ? children.Where(c => c.Episodes.Any(e => e.EndDate == null && e.LegalStatus == status))
            : children.Where(c => !c.Episodes.Any(e => e.EndDate == null && e.LegalStatus == status));
    }

    /// <summary>Age in whole years on <paramref name="today"/>, as date-of-birth bounds the database can index.</summary>
    private static IQueryable<ChildEntity> Age(IQueryable<ChildEntity> children, string op, int years, DateOnly today)
    {
        // Aged at least N  <=>  born on or before today minus N years.
        var bornByAge = today.AddYears(-years);
        var bornByNextAge = today.AddYears(-(years + 1));
        return op switch
        {
            ">=" => children.Where(c => c.DateOfBirth <= bornByAge),
            ">" => children.Where(c => c.DateOfBirth <= bornByNextAge),
            "<" => children.Where(c => c.DateOfBirth > bornByAge),
            "<=" => children.Where(c => c.DateOfBirth > bornByNextAge),
            "=" => children.Where(c => c.DateOfBirth <= bornByAge && c.DateOfBirth > bornByNextAge),
            _ => children.Where(c => c.DateOfBirth > bornByAge || c.DateOfBirth <= bornByNextAge),
        };
    }

    private static IOrderedQueryable<ChildEntity> Then<TKey>(
        IOrderedQueryable<ChildEntity>? ordered, IQueryable<ChildEntity> source, System.Linq.Expressions.Expression<Func<ChildEntity, TKey>> key, bool descending) =>
        ordered is null
            ? (descending ? source.OrderByDescending(key) : source.OrderBy(key))
            : (descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key));
}
