using GoingHome.ServiceDefaults.Configuration;
using GoingHome.Approvals.Domain;
using GoingHome.Case.V1;

namespace GoingHome.Approvals.Tests;

public sealed class PolicyTests
{
    private static readonly string DefaultPolicy = Path.Combine(AppContext.BaseDirectory, "Policies", "default.json");

    private static PolicyFacts Facts(int age, LegalStatus status, int daysLookedAfter, int? daysToReturn = null) =>
        new(new DateOnly(2010, 1, 1), age, status, new DateOnly(2026, 1, 1), daysLookedAfter, null, daysToReturn, "north", new DateOnly(2026, 11, 23), RiskFacts.Unknown);

    [Fact(DisplayName = "AP-9: the default policy ships the seeds' rules for every action")]
    public void AP9_default_policy_loads()
    {
        var policy = PolicyLoader.Load(DefaultPolicy);
        Assert.Equal("default", policy.Name);
        Assert.True(policy.SeniorMayActInstead);
        Assert.Equal(
            ["end-care-episode-after-s20-return", "lasting-home-recommendation", "return-home", "return-home-within-60-days"],
            policy.Actions.Keys.Order());
    }

    [Theory(DisplayName = "AP-9: an invalid policy names the file, where and what")]
    [InlineData("""{"name":"x","seniorMayActInstead":true,"actions":{"return-home":{"steps":[{"rule":"AP-2","title":"t","role":"Chief"}]}}}""", "$.actions['return-home'].steps[0].role", "'Chief' is not an approving role")]
    [InlineData("""{"name":"x","seniorMayActInstead":true,"actions":{"return-home":{"steps":[{"rule":"AP-6","title":"t","role":"HoS","deadline":{"amount":2,"unit":"fortnights"}}]}}}""", "$.actions['return-home'].steps[0].deadline.unit", "'fortnights'")]
    [InlineData("""{"name":"x","seniorMayActInstead":true,"actions":{"return-home":{"steps":[]}}}""", "$.actions['return-home'].steps", "at least one step")]
    [InlineData("""{"name":"x","seniorMayActInstead":true,"actions":{"return-home":{"steps":[{"rule":"AP-2","title":"t","role":"SM","when":{"legalStatusIn":["FOSTERED"]}}]}}}""", "legalStatusIn", "'FOSTERED'")]
    [InlineData("""{"name":"x","actions":{"return-home":{"steps":[{"rule":"AP-2","title":"t","role":"SM","colour":"red"}]}}}""", "line 1", "colour")]
    [InlineData("""{"name":"x","actions":{"return-home":{"steps":[{"rule":"RH-3","title":"t","role":"DD","when":{"riskBandIn":["PURPLE"]}}]}}}""", "riskBandIn", "'PURPLE' is not a risk band")]
    [InlineData("""{"name":"x","actions":{"return-home":{"steps":[{"rule":"AP-5","title":"t","role":"HoS"}],"refuseWhen":[{"rule":"RH-3","reason":"r"}]}}}""", "$.actions['return-home'].refuseWhen[0].when", "is required")]
    [InlineData("{\n  \"name\": \"x\",\n  \"actions\": {\n    \"return-home\": { \"steps\": [ { \"rule\": \"AP-2\", \"title\": \"t\" \"role\": \"SM\" } ] }\n  }\n}", "line 4", "")]
    public void AP9_invalid_policy_file(string json, string where, string what)
    {
        var error = Assert.Throws<DataFileException>(() => PolicyLoader.Parse(json, "/etc/goinghome/north-yorkshire.json"));
        Assert.Contains("/etc/goinghome/north-yorkshire.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(where, error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "AP-9: a service given an invalid policy file does not start")]
    public async Task AP9_service_refuses_to_start()
    {
        var path = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"name":"broken","actions":{}}""");
        await using var fixture = new ApprovalsFixture { PolicyPath = path };
        await ((Xunit.IAsyncLifetime)fixture).InitializeAsync();
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => fixture.Server);
            Assert.Contains(path, error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await ((Xunit.IAsyncLifetime)fixture).DisposeAsync();
        }
    }

    [Theory(DisplayName = "AP-2, AP-3, AP-5: which return-home steps apply, by age, legal status and days looked after")]
    [InlineData(10, LegalStatus.CareOrder, 21, "AP-2,AP-5")]
    [InlineData(10, LegalStatus.CareOrder, 20, "AP-5")]
    [InlineData(15, LegalStatus.Section20, 300, "AP-2,AP-5")]
    [InlineData(16, LegalStatus.Section20, 300, "AP-5,AP-3")]
    [InlineData(17, LegalStatus.Section20, 5, "AP-5,AP-3")]
    [InlineData(16, LegalStatus.CareOrder, 300, "AP-5")]
    public void Return_home_steps_follow_the_facts(int age, LegalStatus status, int days, string expected)
    {
        var steps = PolicyEvaluator.Evaluate(PolicyLoader.Load(DefaultPolicy), "return-home", Facts(age, status, days));
        Assert.Equal(expected, string.Join(',', steps.Select(s => s.Step.RuleId)));
        Assert.Equal(Enumerable.Range(0, steps.Count), steps.Select(s => s.Index));
    }

    [Theory(DisplayName = "AP-4: DD agreement only within 60 days of the planned return")]
    [InlineData(60, 1)]
    [InlineData(61, 0)]
    [InlineData(0, 1)]
    public void AP4_window(int daysToReturn, int steps)
    {
        var facts = Facts(9, LegalStatus.CareOrder, 100, daysToReturn) with { PlannedReturnDate = new DateOnly(2027, 1, 1) };
        Assert.Equal(steps, PolicyEvaluator.Evaluate(PolicyLoader.Load(DefaultPolicy), "return-home-within-60-days", facts).Count);
    }

    [Fact(DisplayName = "AP-7: seniority is configurable per authority")]
    public void AP7_seniority_configurable()
    {
        Assert.Equal("DD", ApprovalWorkflow.DecidingRole("SM", ["DD"], seniorMayActInstead: true));
        Assert.Null(ApprovalWorkflow.DecidingRole("SM", ["DD"], seniorMayActInstead: false));
        Assert.Null(ApprovalWorkflow.DecidingRole("HoS", ["SM"], seniorMayActInstead: true));
        Assert.Null(ApprovalWorkflow.DecidingRole("SM", ["IRO", "SSW"], seniorMayActInstead: true));
        Assert.Equal(["SW", "TM", "SM"], ApprovalWorkflow.RolesDecidableBy(["SM"], seniorMayActInstead: true));
    }
}
