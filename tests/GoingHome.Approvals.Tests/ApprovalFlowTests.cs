using GoingHome.Approvals.V1;
using GoingHome.Case.V1;
using GoingHome.Events.V1;
using GoingHome.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;

namespace GoingHome.Approvals.Tests;

[Collection(ApprovalsCollection.Name)]
public sealed class ApprovalFlowTests(ApprovalsFixture service)
{
    private readonly ApprovalsService.ApprovalsServiceClient _sw = service.Client("sw-1", "SW");
    private readonly ApprovalsService.ApprovalsServiceClient _hos = service.Client("hos-1", "HoS");
    private readonly ApprovalsService.ApprovalsServiceClient _director = service.Client("director-1", "Director");

    private Task<ApprovalRequest> RequestAsync(string childId, string action, Google.Type.Date? plannedReturn = null) =>
        _sw.CreateApprovalRequestAsync(new CreateApprovalRequestRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            ChildId = childId,
            Action = action,
            Subject = service.SubjectFor(action, childId),
            Summary = "Return home plan",
            PlannedReturnDate = plannedReturn,
        }).ResponseAsync;

    private static Task<ApprovalRequest> DecideAsync(ApprovalsService.ApprovalsServiceClient client, ApprovalRequest request, int step, Decision decision = Decision.Approve, string rationale = "Plan is safe and well supported.") =>
        client.DecideApprovalStepAsync(new DecideApprovalStepRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            ApprovalRequestId = request.Id,
            StepIndex = step,
            Decision = decision,
            Rationale = rationale,
            Etag = request.Etag,
        }).ResponseAsync;

    [Theory(DisplayName = "Seed 004 / AP-2 / AP-3 / AP-5 / AP-1: an S20 return gets the return-home approvals too, before the HoS and the Director")]
    [InlineData(12, 40, new[] { "AP-2:SM", "AP-1:HoS", "AP-1:Director" }, "AD")]
    [InlineData(16, 40, new[] { "AP-3:AD", "AP-1:HoS", "AP-1:Director" }, "")]
    [InlineData(17, 5, new[] { "AP-3:AD", "AP-1:HoS", "AP-1:Director" }, "")]
    [InlineData(12, 20, new[] { "AP-1:HoS", "AP-1:Director" }, "")]
    public async Task AP2_AP3_Section20ReturnChain(int age, int daysLookedAfter, string[] steps, string notified)
    {
        var child = service.Case.AddChild(service.Today, age, LegalStatus.Section20, daysLookedAfter);
        var request = await RequestAsync(child, "end-care-episode-after-s20-return");
        Assert.Equal(steps, request.Steps.Select(s => $"{s.RuleId}:{s.RequiredRole}"));
        // AP-5: the HoS's written agreement is the management oversight, recorded as a case note when approved.
        Assert.Contains("AP-5", request.Steps.Single(s => s.RequiredRole == "HoS").Title, StringComparison.Ordinal);
        var requested = (await service.EventsAsync(child)).Select(e => e.Payload).Where(p => p.Is(ApprovalRequested.Descriptor)).Select(p => p.Unpack<ApprovalRequested>()).Single();
        Assert.Equal(notified, string.Join(",", requested.NotifyRoles));
    }

    [Fact(DisplayName = "AP-1: ending an episode after an S20 return needs HoS agreement then Director authorisation, in that order")]
    public async Task AP1_HoS_then_Director()
    {
        var child = service.Case.AddChild(service.Today, 12, LegalStatus.Section20, 15);
        var request = await RequestAsync(child, "end-care-episode-after-s20-return");
        Assert.Equal(["HoS", "Director"], request.Steps.Select(s => s.RequiredRole));
        Assert.All(request.Steps, s => Assert.Equal("AP-1", s.RuleId));

        var outOfOrder = await Assert.ThrowsAsync<RpcException>(() => DecideAsync(_director, request, 1));
        Assert.Equal(StatusCode.FailedPrecondition, outOfOrder.StatusCode);
        Assert.Equal("AP-1", outOfOrder.GetStatusDetail<PreconditionFailure>()!.Violations.Single().Type);

        var afterHoS = await DecideAsync(_hos, request, 0);
        Assert.Equal(StepState.Approved, afterHoS.Steps[0].State);
        Assert.Equal(StepState.Current, afterHoS.Steps[1].State);
        var granted = await DecideAsync(_director, afterHoS, 1);

        Assert.Equal(ApprovalState.Granted, granted.State);
        Assert.Equal(("director-1", "Director"), (granted.Steps[1].Decision.DeciderId, granted.Steps[1].Decision.DeciderRole));
        // S20-6 / RH-4: the HoS agreement goes on the file as a management-oversight case note, the Director's approval
        // as a document: marked on each committed decision's event, for Case to write; nothing written to Case first.
        var decided = await DecisionsAsync(child);
        Assert.Equal([(true, false, "HoS"), (false, true, "Director")], decided.Select(d => (d.RecordCaseNote, d.AttachDocument, d.DeciderRole)));
        Assert.Contains("Plan is safe", decided[0].Rationale, StringComparison.Ordinal);
        Assert.All(decided, d => Assert.False(string.IsNullOrEmpty(d.StepTitle)));
        Assert.DoesNotContain(service.Case.Notes, n => n.Request.ChildId == child);
        Assert.DoesNotContain(service.Case.Documents, d => d.ChildId == child);

        var gate = await _sw.CheckGateAsync(new CheckGateRequest { ChildId = child, Action = granted.Action, Subject = granted.Subject });
        Assert.True(gate.Approved);
        var types = (await service.EventsAsync(child)).Select(e => e.Type).ToList();
        Assert.Equal(
        [
            ApprovalRequested.Descriptor.FullName, ApprovalStepAwaiting.Descriptor.FullName,
            ApprovalStepDecided.Descriptor.FullName, ApprovalStepAwaiting.Descriptor.FullName,
            ApprovalStepDecided.Descriptor.FullName, ApprovalGranted.Descriptor.FullName,
        ], types);
    }

    [Fact(DisplayName = "AP-2: a child under 16 looked after over 20 days needs SM agreement and the AD is notified")]
    public async Task AP2_SM_agreement_and_AD_notified()
    {
        var child = service.Case.AddChild(service.Today, 10, LegalStatus.CareOrder, 30);
        var request = await RequestAsync(child, "return-home");

        Assert.Equal(["AP-2", "AP-5"], request.Steps.Select(s => s.RuleId));
        Assert.Equal("SM", request.Steps[0].RequiredRole);
        Assert.Contains("age 10", request.Steps[0].Reason, StringComparison.Ordinal);
        Assert.Contains("looked after 30 days", request.Steps[0].Reason, StringComparison.Ordinal);
        var requested = (await service.EventsAsync(child)).First().Payload.Unpack<ApprovalRequested>();
        Assert.Equal(["AD"], requested.NotifyRoles);
    }

    [Fact(DisplayName = "AP-2: not needed when the child has been looked after for 20 days or fewer")]
    public async Task AP2_not_needed_for_a_short_stay()
    {
        var child = service.Case.AddChild(service.Today, 10, LegalStatus.Section20, 20);
        var evaluation = await _sw.EvaluatePolicyAsync(new EvaluatePolicyRequest { ChildId = child, Action = "return-home" });
        Assert.Equal(["AP-5"], evaluation.Steps.Select(s => s.RuleId));
        Assert.Equal(20, evaluation.Facts.DaysLookedAfter);
    }

    [Fact(DisplayName = "AP-3: a 16 or 17 year old accommodated under S20 needs AD approval")]
    public async Task AP3_AD_for_16_and_17_under_S20()
    {
        var child = service.Case.AddChild(service.Today, 16, LegalStatus.Section20, 100);
        var evaluation = await _sw.EvaluatePolicyAsync(new EvaluatePolicyRequest { ChildId = child, Action = "return-home" });
        Assert.Equal(["AP-5", "AP-3"], evaluation.Steps.Select(s => s.RuleId));
        Assert.Equal("AD", evaluation.Steps[1].RequiredRole);

        var onCareOrder = service.Case.AddChild(service.Today, 17, LegalStatus.CareOrder, 100);
        var other = await _sw.EvaluatePolicyAsync(new EvaluatePolicyRequest { ChildId = onCareOrder, Action = "return-home" });
        Assert.DoesNotContain("AP-3", other.Steps.Select(s => s.RuleId));
    }

    [Fact(DisplayName = "AP-4: a Going Home plan within 60 days of the return needs DD agreement")]
    public async Task AP4_DD_within_60_days()
    {
        var child = service.Case.AddChild(service.Today, 9, LegalStatus.CareOrder, 200);
        var within = service.Today.AddDays(45);
        var request = await RequestAsync(child, "return-home-within-60-days", new Google.Type.Date { Year = within.Year, Month = within.Month, Day = within.Day });
        Assert.Equal("DD", request.Steps.Single().RequiredRole);
        Assert.Equal("45", request.Facts.DaysToPlannedReturn);

        var missing = await Assert.ThrowsAsync<RpcException>(() => RequestAsync(child, "return-home-within-60-days"));
        Assert.Equal("planned_return_date", missing.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Fact(DisplayName = "AP-5: every return home needs HoS agreement recorded as a management-oversight note")]
    public async Task AP5_HoS_agreement_is_a_case_note()
    {
        var child = service.Case.AddChild(service.Today, 8, LegalStatus.Section20, 10);
        var request = await RequestAsync(child, "return-home");
        var granted = await DecideAsync(_hos, request, 0);

        Assert.Equal(ApprovalState.Granted, granted.State);
        var decided = Assert.Single(await DecisionsAsync(child));
        Assert.True(decided.RecordCaseNote);
        // The note is written as the HoS: Case takes the author from the event.
        Assert.Equal(("hos-1", "HoS"), (decided.DeciderId, decided.DeciderRole));
        Assert.False(string.IsNullOrEmpty(decided.DeciderName));
    }

    private async Task<List<ApprovalStepDecided>> DecisionsAsync(string child) =>
        [.. (await service.EventsAsync(child)).Select(e => e.Payload).Where(p => p.Is(ApprovalStepDecided.Descriptor)).Select(p => p.Unpack<ApprovalStepDecided>())];

    [Fact(DisplayName = "AP-6: a lasting home recommendation has 2 weeks for HoS ratification, with a reminder before")]
    public async Task AP6_two_weeks_to_ratify()
    {
        var child = service.Case.AddChild(service.Today, 7, LegalStatus.CareOrder, 400);
        var request = await RequestAsync(child, "lasting-home-recommendation");

        var step = request.Steps.Single();
        Assert.Equal(("AP-6", "HoS"), (step.RuleId, step.RequiredRole));
        // Recommended Monday 23 November 2026: due at the end of Monday 7 December, London time.
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero).AddMicroseconds(-1), step.DueTime.ToDateTimeOffset());
        var deadline = (await service.EventsAsync(child)).Select(e => e.Payload).Single(p => p.Is(ApprovalStepDeadlineSet.Descriptor)).Unpack<ApprovalStepDeadlineSet>();
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero), deadline.RemindTime.ToDateTimeOffset());
        Assert.Equal("AD", deadline.EscalateToRole);
    }

    [Fact(DisplayName = "AP-9: an unknown action is refused, naming the policy's actions")]
    public async Task AP9_unknown_action()
    {
        var child = service.Case.AddChild(service.Today, 7, LegalStatus.CareOrder, 400);
        var error = await Assert.ThrowsAsync<RpcException>(() => RequestAsync(child, "adopt-a-pet"));
        var violation = error.GetStatusDetail<BadRequest>()!.FieldViolations.Single();
        Assert.Equal("action", violation.Field);
        Assert.Contains("return-home", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_child_Case_does_not_know_is_not_found_and_nothing_is_written()
    {
        var before = await service.WithDbAsync(db => Task.FromResult(db.Requests.Count()));
        var error = await Assert.ThrowsAsync<RpcException>(() => RequestAsync(Guid.NewGuid().ToString(), "return-home"));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(before, await service.WithDbAsync(db => Task.FromResult(db.Requests.Count())));
    }

    [Fact]
    public async Task A_rejection_closes_the_request_and_the_gate_lists_what_is_missing()
    {
        var child = service.Case.AddChild(service.Today, 12, LegalStatus.Section20, 15);
        var request = await RequestAsync(child, "end-care-episode-after-s20-return");
        var rejected = await DecideAsync(_hos, request, 0, Decision.Reject, "Risks to the child are not yet addressed.");

        Assert.Equal(ApprovalState.Rejected, rejected.State);
        Assert.Equal(StepState.Cancelled, rejected.Steps[1].State);
        var gate = await _sw.CheckGateAsync(new CheckGateRequest { ChildId = child, Action = rejected.Action, Subject = rejected.Subject });
        Assert.False(gate.Approved);
        Assert.Equal([StepState.Rejected, StepState.Cancelled], gate.MissingSteps.Select(m => m.State));
        Assert.DoesNotContain(service.Case.Notes, n => n.Request.ChildId == child);
    }
}
