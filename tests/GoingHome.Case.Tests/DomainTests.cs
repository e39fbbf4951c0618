using GoingHome.Case.V1;
using GoingHome.Case.Domain;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.ServiceDefaults.Errors;

namespace GoingHome.Case.Tests;

public sealed class DomainTests
{
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
