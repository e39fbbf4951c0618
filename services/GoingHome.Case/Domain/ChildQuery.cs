using System.Text.RegularExpressions;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;

namespace GoingHome.Case.Domain;

/// <summary>One comparison of an AIP-160 style filter: <c>field op value</c>.</summary>
public sealed record FilterTerm(string Field, string Operator, string Value);

/// <summary>A parsed ListChildren request: filter, order and page, checked before any query runs.</summary>
public sealed partial record ChildQuery(IReadOnlyList<FilterTerm> Filter, IReadOnlyList<(string Field, bool Descending)> Order, int PageSize, int Offset)
{
    private static readonly Dictionary<string, string[]> OperatorsByField = new()
    {
        ["team_id"] = ["="],
        ["worker_id"] = ["="],
        ["legal_status"] = ["=", "!="],
        ["family_name"] = ["="],
        ["given_name"] = ["="],
        ["name"] = [":"],
        ["local_id"] = ["="],
        ["nhs_number"] = ["="],
        ["age"] = ["=", "!=", "<", "<=", ">", ">="],
    };

    private static readonly string[] OrderFields = ["family_name", "given_name", "date_of_birth", "create_time"];

    public static ChildQuery Parse(ListChildrenRequest request)
    {
        var v = new Violations();
        var size = PageTokens.PageSize(v, request.PageSize);
        v.Require(request.Filter.Length <= 1000, "filter", "must be at most 1000 characters");
        var terms = ParseFilter(v, request.Filter);
        var order = ParseOrder(v, request.OrderBy);
        var offset = PageTokens.Decode(v, request.PageToken, PageTokens.Query(request));
        v.ThrowIfAny();
        return new ChildQuery(terms, order, size, offset);
    }

    public static LegalStatus ParseLegalStatus(string value) =>
        ProtoEnums.TryParse<LegalStatus>(value, out var status)
            ? status
            : throw new ValidationFailedException([new FieldViolation("filter", $"legal_status '{value}' is not a legal status")]);

    private static List<FilterTerm> ParseFilter(Violations v, string filter)
    {
        var terms = new List<FilterTerm>();
        if (string.IsNullOrWhiteSpace(filter))
        {
            return terms;
        }

        foreach (var part in AndSeparator().Split(filter.Trim()))
        {
            var match = Comparison().Match(part);
            if (!match.Success)
            {
                v.Add("filter", $"'{part}' is not a comparison such as team_id = \"north\"");
                continue;
            }

            var field = match.Groups["field"].Value.ToLowerInvariant();
            var op = match.Groups["op"].Value;
            var value = match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["bare"].Value;
            if (!OperatorsByField.TryGetValue(field, out var allowed))
            {
                v.Add("filter", $"'{field}' cannot be filtered on; use {string.Join(", ", OperatorsByField.Keys)}");
            }
            else if (!allowed.Contains(op))
            {
                v.Add("filter", $"'{field}' allows {string.Join(" ", allowed)}, not {op}");
            }
            else if (field == "age" && !int.TryParse(value, out _))
            {
                v.Add("filter", $"age must be a whole number, not '{value}'");
            }
            else if (field == "legal_status" && !ProtoEnums.TryParse<LegalStatus>(value, out _))
            {
                v.Add("filter", $"legal_status '{value}' is not a legal status");
            }
            else
            {
                terms.Add(new FilterTerm(field, op, value));
            }
        }

        return terms;
    }

    private static List<(string, bool)> ParseOrder(Violations v, string orderBy)
    {
        var order = new List<(string, bool)>();
        foreach (var part in orderBy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var descending = words.Length == 2 && words[1].Equals("desc", StringComparison.OrdinalIgnoreCase);
            if (!OrderFields.Contains(words[0]) || (words.Length == 2 && !descending && !words[1].Equals("asc", StringComparison.OrdinalIgnoreCase)) || words.Length > 2)
            {
                v.Add("order_by", $"'{part}' is not one of {string.Join(", ", OrderFields)} optionally followed by desc");
                continue;
            }

            order.Add((words[0], descending));
        }

        return order;
    }

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSeparator();

    [GeneratedRegex("""^\s*(?<field>[A-Za-z_]+)\s*(?<op>!=|<=|>=|=|<|>|:)\s*(?:"(?<quoted>[^"]*)"|(?<bare>[A-Za-z0-9_\-]+))\s*$""")]
    private static partial Regex Comparison();
}
