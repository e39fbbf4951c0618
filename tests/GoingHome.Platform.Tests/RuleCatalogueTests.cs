using System.Text.RegularExpressions;
using GoingHome.Testing;

namespace GoingHome.Platform.Tests;

/// <summary>
/// docs/rules.md carries every requirement in the repository itself (a fresh clone has no ../shared/DOMAIN.md): each
/// rule ID the services, their templates, policies and routing, or the contracts name has its row there, once.
/// </summary>
public sealed partial class RuleCatalogueTests
{
    [Fact(DisplayName = "Rule catalogue: every rule ID named in services/ and protos/ has exactly one row in docs/rules.md")]
    public void Every_rule_in_the_code_has_its_row()
    {
        var rows = File.ReadLines(Repository.Path("docs", "rules.md"))
            .Select(line => RowId().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups["id"].Value)
            .ToList();
        var named = new[] { "services", "protos" }
            .SelectMany(folder => Directory.EnumerateFiles(Repository.Path(folder), "*", SearchOption.AllDirectories))
            .Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".proto", StringComparison.Ordinal))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => RuleId().Matches(File.ReadAllText(file)).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(named.Count > 60, $"only {named.Count} rule IDs found in the code");
        Assert.Empty(named.Where(id => !rows.Contains(id)).Order());
        Assert.Empty(rows.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9-])(?:T|GH|RH|S20|NS|AP|LH|NT|CLA|ACC)-[0-9]+(?![0-9])")]
    private static partial Regex RuleId();

    [GeneratedRegex(@"^\|\s*(?<id>(?:T|GH|RH|S20|NS|AP|LH|NT|CLA|ACC)-[0-9]+)\s*\|")]
    private static partial Regex RowId();
}
