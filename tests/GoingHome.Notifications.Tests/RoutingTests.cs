using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.Notifications.Domain;
using GoingHome.ServiceDefaults.Configuration;

namespace GoingHome.Notifications.Tests;

/// <summary>The routing table and the pure routing of events to recipients.</summary>
public sealed class RoutingTests
{
    private static readonly RoutingTable Default = RoutingLoader.Load(Path.Combine(AppContext.BaseDirectory, "Routing", "default.json"));

    private static Child ChildWith(params NetworkMember[] network) => new()
    {
        Id = "c1",
        Network = { network },
        Allocations =
        {
            new Allocation { Role = WorkerRole.SocialWorker, WorkerId = "sw-1", TeamId = "north" },
            new Allocation { Role = WorkerRole.TeamManager, WorkerId = "tm-1", TeamId = "north" },
            new Allocation { Role = WorkerRole.IndependentReviewingOfficer, WorkerId = "iro-1", TeamId = "north" },
        },
    };

    private static NetworkMember Member(string id, Relationship relationship, string personId = "") =>
        new() { Id = id, Relationship = relationship, Name = id, PersonId = personId };

    private static List<string> Recipients(Google.Protobuf.IMessage payload, Child? child) =>
        NotificationRouter.Plan(Default, payload, "c1", child).Select(p => p.RecipientKey).Order().ToList();

    [Fact(DisplayName = "NT-2: S20 not viable tells the child, parents and carers and the IRO")]
    public void NT2_NotViableRecipients()
    {
        var child = ChildWith(
            Member("mum", Relationship.Parent, personId: "parent-portal-7"), Member("dad", Relationship.Parent),
            Member("gran", Relationship.Carer), Member("gp", Relationship.Gp), Member("school", Relationship.School));

        var recipients = Recipients(new Section20ReturnNotViable { ChildId = "c1", Reason = "risk" }, child);

        Assert.Equal(["child:c1", "member:dad", "member:gran", "user:iro-1", "user:parent-portal-7"], recipients);
    }

    [Fact(DisplayName = "NT-2 / S20-3: an S20 return request tells the IRO, and the IRO role inbox when none is allocated")]
    public void NT2_S20RequestTellsIro()
    {
        Assert.Equal(["user:iro-1"], Recipients(new Section20ReturnRequested { ChildId = "c1", Trigger = "PARENT_REQUEST" }, ChildWith()));

        var noIro = ChildWith();
        noIro.Allocations.RemoveAt(2);
        Assert.Equal(["role:IRO"], Recipients(new Section20ReturnRequested { ChildId = "c1" }, noIro));
    }

    [Fact(DisplayName = "NT-2 / AP-2: the AD is notified of a return-home request the policy names them on")]
    public void NT2_ApTwoNotifiesAd()
    {
        var planned = NotificationRouter.Plan(Default, new ApprovalRequested { ChildId = "c1", Action = "return-home", NotifyRoles = { "AD" }, RuleIds = { "AP-2", "AP-5" } }, "c1", null);

        var notice = Assert.Single(planned);
        Assert.Equal(("role:AD", "AP-2"), (notice.RecipientKey, notice.RuleId));
        Assert.Contains("return-home", notice.Title, StringComparison.Ordinal);
        Assert.Empty(NotificationRouter.Plan(Default, new ApprovalRequested { ChildId = "c1", Action = "return-home" }, "c1", null));
    }

    [Fact(DisplayName = "CLA-5 / CLA-1: a return home recorded without approvals tells the HoS and the DD, naming the rules; a legal status change (X1) tells no one the care ended")]
    public void CLA5_UnapprovedReturnHome()
    {
        var ended = new CareEpisodeEnded
        {
            ChildId = "c1", Rec = "E4B", PeriodEnded = true, ReturnedHome = true, UnapprovedReturnHome = true, MissingApprovalRuleIds = { "AP-5", "AP-4" },
            EndDate = new Google.Type.Date { Year = 2026, Month = 11, Day = 15 },
        };

        var planned = NotificationRouter.Plan(Default, ended, "c1", ChildWith());
        var raised = planned.Where(p => p.Kind == "return-home-unapproved").ToList();
        Assert.Equal(["role:DD", "role:HoS"], raised.Select(p => p.RecipientKey).Order());
        Assert.All(raised, p => Assert.Equal("CLA-5", p.RuleId));
        Assert.All(raised, p => Assert.Contains("AP-5, AP-4", p.Body, StringComparison.Ordinal));
        Assert.Contains(planned, p => p.Kind == "care-episode-ended");

        Assert.Empty(NotificationRouter.Plan(Default, new CareEpisodeEnded { ChildId = "c1", Rec = "X1" }, "c1", ChildWith()));
    }

    [Fact(DisplayName = "NT-3 / RH-8: a return home tells GP, Housing and Adult Mental Health where there is one, with the plan")]
    public void NT3_ReturnHomeRecipients()
    {
        var returned = new ChildReturnedHome { ChildId = "c1", PlanDocumentId = "doc-42", ReturnDate = new Google.Type.Date { Year = 2026, Month = 12, Day = 1 } };

        var withAmh = NotificationRouter.Plan(Default, returned, "c1",
            ChildWith(Member("gp", Relationship.Gp), Member("housing", Relationship.Housing), Member("amh", Relationship.AdultMentalHealth), Member("mum", Relationship.Parent)));
        Assert.Equal(["member:amh", "member:gp", "member:housing"], withAmh.Select(p => p.RecipientKey).Order());
        Assert.All(withAmh, p => Assert.Contains("doc-42", p.Body, StringComparison.Ordinal));
        Assert.All(withAmh, p => Assert.Contains("2026-12-01", p.Body, StringComparison.Ordinal));

        var withoutAmh = Recipients(returned, ChildWith(Member("gp", Relationship.Gp), Member("housing", Relationship.Housing)));
        Assert.Equal(["member:gp", "member:housing"], withoutAmh);
    }

    [Fact(DisplayName = "NT-4: overdue goes to the owner and their manager; escalation to the named role")]
    public void NT4_DeadlineRecipients()
    {
        var overdue = new V1.DeadlineNotice { ChildId = "c1", Notice = V1.DeadlineNoticeKind.Overdue, OwnerId = "sw-9", OwnerRole = "SW", Title = "Home visit" };
        Assert.Equal(["user:sw-9", "user:tm-1"], Recipients(overdue, ChildWith()));

        var smOwned = new V1.DeadlineNotice { ChildId = "c1", Notice = V1.DeadlineNoticeKind.Overdue, OwnerRole = "TM", Title = "Review" };
        Assert.Equal(["role:SM", "role:TM"], Recipients(smOwned, ChildWith()));

        var escalation = new V1.DeadlineNotice { ChildId = "c1", Notice = V1.DeadlineNoticeKind.Escalation, OwnerId = "iro-1", OwnerRole = "IRO", EscalateToRole = "AD", RuleId = "NS-3" };
        var planned = NotificationRouter.Plan(Default, escalation, "c1", ChildWith());
        Assert.Equal(["role:AD", "user:iro-1"], planned.Select(p => p.RecipientKey).Order());
        Assert.All(planned, p => Assert.Equal("NS-3", p.RuleId));
    }

    [Fact(DisplayName = "NT-1: recipients come from the routing table, the event and Case, never from a caller")]
    public void NT1_RecipientsAreDerived()
    {
        // The same event about a child with a different network reaches different people: nothing in the event names them.
        var notViable = new Section20ReturnNotViable { ChildId = "c1" };
        Assert.NotEqual(Recipients(notViable, ChildWith(Member("mum", Relationship.Parent))), Recipients(notViable, ChildWith(Member("dad", Relationship.Parent))));
        // And nothing is invented without Case: no network, only the child and the IRO role inbox.
        Assert.Equal(["child:c1", "role:IRO"], Recipients(notViable, null));
    }

    [Fact(DisplayName = "NT-1: the default routing table loads, and every route has a rule and recipients")]
    public void NT1_DefaultTableLoads()
    {
        Assert.True(Default.Routes.Count >= 15);
        Assert.All(Default.Routes, r => Assert.NotEmpty(r.To));
        Assert.All(Default.Routes, r => Assert.False(string.IsNullOrWhiteSpace(r.RuleTemplate)));
    }

    [Theory(DisplayName = "NT-1: a routing table with a mistake stops the service, naming where and what")]
    [InlineData("""{"routes":[{"event":"goinghome.events.v1.Nope","kind":"x","rule":"NT-1","title":"t","body":"b","to":["child"]}]}""", "$.routes[0].event")]
    [InlineData("""{"routes":[{"event":"goinghome.events.v1.TaskClosed","kind":"x","rule":"NT-1","title":"{missing}","body":"b","to":["child"]}]}""", "{missing} is not a field")]
    [InlineData("""{"routes":[{"event":"goinghome.events.v1.TaskClosed","kind":"x","rule":"NT-1","title":"t","body":"b","to":["network:AUNT"]}]}""", "'network:AUNT'")]
    [InlineData("""{"routes":[{"event":"goinghome.events.v1.TaskClosed","kind":"x","rule":"NT-1","title":"t","body":"b","to":["role:Mayor"]}]}""", "'role:Mayor'")]
    [InlineData("""{"routes":[{"event":"goinghome.events.v1.TaskClosed","when":{"outcome":"MAYBE"},"kind":"x","rule":"NT-1","title":"t","body":"b","to":["child"]}]}""", "'MAYBE' is not a value")]
    [InlineData("""{"routes":[{"event":"goinghome.events.v1.TaskClosed","kind":"Bad Kind","rule":"NT-1","title":"t","body":"b","to":[]}]}""", "names no recipients")]
    [InlineData("""{"routes":[], "extra": 1}""", "line 1")]
    public void NT1_InvalidTableIsRefused(string json, string expected)
    {
        var error = Assert.Throws<DataFileException>(() => RoutingLoader.Parse(json, "/etc/goinghome/routing.json"));
        Assert.Contains("/etc/goinghome/routing.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
