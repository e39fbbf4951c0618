using GoingHome.Pathway.Domain;
using GoingHome.ServiceDefaults.Configuration;

namespace GoingHome.Pathway.Tests;

public sealed class TemplateTests
{
    [Fact(DisplayName = "GH-1: the default template loads with every bundle")]
    public void GH1_DefaultTemplateLoads()
    {
        var template = TemplateLoader.Load(Path.Combine(AppContext.BaseDirectory, "Templates", "default.json"));
        Assert.All(Bundles.Anchors.Keys, b => Assert.NotEmpty(template.Bundle(b)));
        Assert.True(template.Find("weekly-tracker-meeting")!.Weekly);
    }

    [Theory(DisplayName = "GH-1: a template with a mistake stops the service, naming where and what")]
    [InlineData("stage1", """{"key":"x","rule":"GH-1","title":"t","ownerRole":"SW","anchor":"plannedReturnDate","timescale":{"amount":1,"unit":"days"}}""", "not an anchor of this bundle")]
    [InlineData("stage1", """{"key":"x","rule":"GH-1","title":"t","ownerRole":"Mayor","anchor":"enteredCare","timescale":{"amount":1,"unit":"days"}}""", "'Mayor' is not a role")]
    [InlineData("stage1", """{"key":"x","rule":"GH-1","title":"t","ownerRole":"SW","anchor":"enteredCare","timescale":{"amount":1,"unit":"fortnights"}}""", "timescale")]
    [InlineData("stage1", """{"key":"x","rule":"GH-1","title":"t","ownerRole":"SW","anchor":"enteredCare","timescale":{"amount":1,"unit":"days"},"condition":"rainy"}""", "'rainy' is not a condition")]
    public void GH1_InvalidTemplateIsRefused(string bundle, string task, string expected)
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Templates", "default.json"))
            .Replace($"\"{bundle}\": [", $"\"{bundle}\": [{task},", StringComparison.Ordinal);
        var error = Assert.Throws<DataFileException>(() => TemplateLoader.Parse(json, "/etc/goinghome/pathway.json"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("/etc/goinghome/pathway.json", error.Message, StringComparison.Ordinal);
    }
}
