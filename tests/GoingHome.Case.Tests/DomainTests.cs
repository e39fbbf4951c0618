using GoingHome.Case.V1;
using GoingHome.Case.Domain;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.ServiceDefaults.Errors;

namespace GoingHome.Case.Tests;

public sealed class DomainTests
{
    [Theory(DisplayName = "Where the child lives now, in words from the history (P1 at home, a placement's DfE meaning, a period ended)")]
    [InlineData(true, "P1", true, null, "", "At home: placed with parents (P1)")]
    [InlineData(true, "U4", false, null, "", "Foster placement with other foster carer(s): long term fostering (U4)")]
    [InlineData(false, "U4", true, "2026-12-01", "E13", "At home since 1 December 2026")]
    [InlineData(false, "U4", false, "2026-03-05", "E2", "Left care on 5 March 2026: Died")]
    [InlineData(false, "", false, null, "", "Not looked after")]
    public void Lives_now_reads_the_history(bool lookedAfter, string placement, bool atHome, string? ended, string rec, string expected)
    {
        var end = ended is null ? (DateOnly?)null : DateOnly.Parse(ended, System.Globalization.CultureInfo.InvariantCulture);
        var facts = new CareFactsOf(lookedAfter, new DateOnly(2025, 1, 6), end, 100, "C2", placement, atHome, rec, [], 1);
        Assert.Equal(expected, facts.LivesNow);
    }

    [Theory]
    [InlineData("9434765919", "9434765919")]
    [InlineData("943 476 5919", "9434765919")]
    [InlineData("943-476-5919", "9434765919")]
    [InlineData("9434765918", null)] // wrong check digit
    [InlineData("943476591", null)]  // nine digits
    [InlineData("94347659190", null)]
    [InlineData("943476591X", null)]
    [InlineData("1000000010", null)] // check digit would be 10: no valid number has these nine digits
    public void NHS_numbers_need_ten_digits_and_a_modulus_11_check_digit(string input, string? expected) =>
        Assert.Equal(expected, NhsNumber.Normalise(input));

    [Fact]
    public void A_filter_is_parsed_into_terms_with_their_operators()
    {
        var query = ChildQuery.Parse(new ListChildrenRequest { PageSize = 10, Filter = "team_id = \"north\" and age >= 16 AND legal_status != CARE_ORDER", OrderBy = "date_of_birth desc, family_name" });
        Assert.Equal([new FilterTerm("team_id", "=", "north"), new FilterTerm("age", ">=", "16"), new FilterTerm("legal_status", "!=", "CARE_ORDER")], query.Filter);
        Assert.Equal([("date_of_birth", true), ("family_name", false)], query.Order);
    }

    [Theory]
    [InlineData("age >= old", "filter")]
    [InlineData("team_id > \"north\"", "filter")]
    [InlineData("legal_status = FOSTERED", "filter")]
    [InlineData("team_id", "filter")]
    public void A_bad_filter_is_a_field_violation(string filter, string field)
    {
        var error = Assert.Throws<ValidationFailedException>(() => ChildQuery.Parse(new ListChildrenRequest { Filter = filter }));
        Assert.Equal(field, error.Violations.Single().Field);
    }

    [Fact]
    public void A_page_token_only_works_with_the_query_it_was_made_for()
    {
        var token = PageTokens.Encode(50, PageTokens.Query(new ListChildrenRequest { Filter = "age > 3", PageSize = 10 }));
        Assert.Equal(50, ChildQuery.Parse(new ListChildrenRequest { Filter = "age > 3", PageToken = token }).Offset);
        Assert.Throws<ValidationFailedException>(() => ChildQuery.Parse(new ListChildrenRequest { Filter = "age > 4", PageToken = token }));
        Assert.Throws<ValidationFailedException>(() => ChildQuery.Parse(new ListChildrenRequest { Filter = "age > 3", OrderBy = "family_name", PageToken = token }));
    }

    [Fact]
    public void The_default_page_size_is_50()
    {
        Assert.Equal(PageTokens.DefaultPageSize, ChildQuery.Parse(new ListChildrenRequest()).PageSize);
    }
}
