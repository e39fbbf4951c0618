using GoingHome.Approvals.Data;
using GoingHome.Testing;

namespace GoingHome.Approvals.Tests;

public sealed class StorageTests
{
    [Fact]
    public void Every_enum_column_is_stored_through_an_explicit_code_table_not_the_values_name()
    {
        using var db = StoredEnumColumns.ModelOnly<ApprovalsDbContext>(options => new(options));
        var columns = StoredEnumColumns.Of(db);

        Assert.NotEmpty(columns);
        Assert.All(columns, column => Assert.True(column.Explicit, $"{column.Column} is stored without an explicit code table"));
    }
}
