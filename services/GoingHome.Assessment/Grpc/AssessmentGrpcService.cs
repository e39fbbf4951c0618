using GoingHome.Assessment.Data;
using GoingHome.Assessment.Domain;
using GoingHome.Assessment.V1;
using GoingHome.Events.V1;
using GoingHome.Messaging;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Clients;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.ServiceDefaults.Persistence;
using GoingHome.ServiceDefaults.Time;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Assessment.Grpc;

/// <summary>The Assessment and Risk API.</summary>
public sealed class AssessmentGrpcService(
    AssessmentDbContext db,
    UnitOfWork<AssessmentDbContext> work,
    EventOutbox<AssessmentDbContext> outbox,
    Auditor auditor,
    CurrentUser user,
    CaseChildReader children,
    ReadinessPolicy readinessPolicy,
    TimeProvider clock) : AssessmentService.AssessmentServiceBase
{
    public const string Topic = "assessment";

    private static readonly Dictionary<string, Action<AssessmentRecord, AssessmentAnalysis>> AnalysisSections = new()
    {
        ["analysis.chronology"] = (a, s) => a.Chronology = s.Chronology,
        ["analysis.child_journey"] = (a, s) => a.ChildJourney = s.ChildJourney,
        ["analysis.reasons_for_care"] = (a, s) => a.ReasonsForCare = s.ReasonsForCare,
        ["analysis.evidence_of_change"] = (a, s) => a.EvidenceOfChange = s.EvidenceOfChange,
        ["analysis.capacity_to_sustain_change"] = (a, s) => a.CapacityToSustainChange = s.CapacityToSustainChange,
        ["analysis.fathers_and_partners"] = (a, s) => a.FathersAndPartners = s.FathersAndPartners,
        ["analysis.partner_agencies"] = (a, s) => a.PartnerAgencies = s.PartnerAgencies,
        ["analysis.family_stresses"] = (a, s) => a.FamilyStresses = s.FamilyStresses,
    };

    private DateOnly Today => WorkingDayCalendar.LondonDate(clock.GetUtcNow());

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<V1.Assessment> CreateAssessment(CreateAssessmentRequest request, ServerCallContext context)
    {
        var input = request.Assessment ?? new V1.Assessment();
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireText(input.ChildId, "assessment.child_id", 64);
        v.RequireEnum(input.Kind, "assessment.kind");
        v.RequireText(input.AuthorId, "assessment.author_id", 200);
        v.RequireText(input.RequestedBy, "assessment.requested_by", 200, required: false);
        var due = input.DueOn.ToDateOnly();
        v.Require(input.DueOn is null || due is not null, "assessment.due_on", "must be a real calendar date");
        v.Require(due is null || due >= Today, "assessment.due_on", "must not be before the request");
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, a => a.ChildId, async ct =>
        {
            var facts = await children.ReadAsync(input.ChildId, ct);
            // Rule GH-10: a sibling assessment only where the child has siblings.
            if (input.Kind == AssessmentKind.Sibling && !facts.HasSiblings)
            {
                throw new RuleViolationException(new RuleViolation("GH-10", $"children/{input.ChildId}", "A sibling assessment is only for a child with siblings in their network."));
            }

            var now = clock.GetUtcNow();
            var record = new AssessmentRecord
            {
                Id = Guid.CreateVersion7(),
                Version = 1,
                ChildId = input.ChildId,
                Kind = input.Kind,
                State = AssessmentState.Requested,
                AuthorId = input.AuthorId,
                TeamId = string.IsNullOrWhiteSpace(input.TeamId) ? facts.TeamId : input.TeamId,
                RequestedOn = Today,
                DueOn = due,
                RequestedBy = input.RequestedBy.Length == 0 ? null : input.RequestedBy,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Assessments.Add(record);
            Raise(record.ChildId, new AssessmentRequested
            {
                AssessmentId = record.Id.ToString(), ChildId = record.ChildId, Kind = record.Kind, AuthorId = record.AuthorId,
                TeamId = record.TeamId, RequestedBy = record.RequestedBy ?? "",
            });
            return record.ToProto(Today);
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<V1.Assessment> GetAssessment(GetAssessmentRequest request, ServerCallContext context)
    {
        var record = await db.Assessments.AsNoTracking().FindByIdAsync("Assessment", request.Id, "id", context.CancellationToken);
        auditor.Read(context.Method, record.ChildId);
        return record.ToProto(Today);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<V1.Assessment> UpdateAssessment(UpdateAssessmentRequest request, ServerCallContext context)
    {
        var input = request.Assessment ?? new V1.Assessment();
        var v = new Violations().RequireRequestId(request.RequestId);
        var paths = request.UpdateMask?.Paths.ToList() ?? [];
        v.Require(paths.Count > 0, "update_mask", "must name at least one field");
        foreach (var path in paths.Where(p => !AnalysisSections.ContainsKey(p) && p is not ("author_id" or "due_on")))
        {
            v.Add("update_mask", $"'{path}' cannot be updated; use author_id, due_on or {string.Join(", ", AnalysisSections.Keys)}");
        }

        foreach (var section in typeof(AssessmentAnalysis).GetProperties().Where(p => p.PropertyType == typeof(string)))
        {
            v.RequireText((string?)section.GetValue(input.Analysis ?? new AssessmentAnalysis()), $"assessment.analysis.{section.Name}", 20000, required: false);
        }

        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, a => a.ChildId, async ct =>
        {
            var record = await db.Assessments.FindByIdAsync("Assessment", input.Id, "assessment.id", ct);
            Etags.RequireCurrent(record.Version, input.Etag, "Assessment", record.Id);
            RequireOpen(record);
            foreach (var path in paths)
            {
                if (AnalysisSections.TryGetValue(path, out var apply))
                {
                    apply(record, input.Analysis ?? new AssessmentAnalysis());
                }
                else if (path == "author_id")
                {
                    new Violations().RequireText(input.AuthorId, "assessment.author_id", 200).ThrowIfAny();
                    record.AuthorId = input.AuthorId;
                }
                else
                {
                    record.DueOn = input.DueOn.ToDateOnly();
                }
            }

            record.State = AssessmentState.InProgress;
            Touch(record);
            return record.ToProto(Today);
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<V1.Assessment> CompleteAssessment(CompleteAssessmentRequest request, ServerCallContext context)
    {
        var completedOn = request.CompletedOn.ToDateOnly();
        var v = new Violations().RequireRequestId(request.RequestId);
        v.Require(completedOn is not null, "completed_on", "is required and must be a real calendar date");
        v.Require(completedOn is null || completedOn <= Today, "completed_on", "must not be in the future");
        v.RequireText(request.Etag, "etag", 20);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, a => a.ChildId, async ct =>
        {
            var record = await db.Assessments.FindByIdAsync("Assessment", request.Id, "id", ct);
            Etags.RequireCurrent(record.Version, request.Etag, "Assessment", record.Id);
            RequireOpen(record);
            new Violations().Require(completedOn >= record.RequestedOn, "completed_on", $"must not be before the request ({record.RequestedOn:yyyy-MM-dd})").ThrowIfAny();
            record.State = AssessmentState.Completed;
            record.CompletedOn = completedOn;
            Touch(record);
            Raise(record.ChildId, new AssessmentCompleted { AssessmentId = record.Id.ToString(), ChildId = record.ChildId, Kind = record.Kind, RequestedBy = record.RequestedBy ?? "" });
            return record.ToProto(Today);
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<V1.Assessment> WithdrawAssessment(WithdrawAssessmentRequest request, ServerCallContext context)
    {
        new Violations().RequireRequestId(request.RequestId).RequireText(request.Reason, "reason", 2000).ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, a => a.ChildId, async ct =>
        {
            var record = await db.Assessments.FindByIdAsync("Assessment", request.Id, "id", ct);
            Etags.RequireCurrent(record.Version, request.Etag, "Assessment", record.Id);
            RequireOpen(record);
            record.State = AssessmentState.Withdrawn;
            record.WithdrawReason = request.Reason;
            Touch(record);
            return record.ToProto(Today);
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<ListAssessmentsResponse> ListAssessments(ListAssessmentsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var size = PageTokens.PageSize(v, request.PageSize);
        v.OptionalEnum(request.State, "state");
        var dueBefore = request.DueBefore.ToDateOnly();
        v.Require(request.DueBefore is null || dueBefore is not null, "due_before", "must be a real calendar date");
        var scope = $"assessments\n{request.ChildId}\n{request.AuthorId}\n{request.TeamId}\n{request.State}\n{dueBefore}\n{request.OverdueOnly}";
        var offset = PageTokens.Decode(v, request.PageToken, scope);
        v.ThrowIfAny();

        var today = Today;
        var query = db.Assessments.AsNoTracking()
            .Where(a => request.ChildId == "" || a.ChildId == request.ChildId)
            .Where(a => request.AuthorId == "" || a.AuthorId == request.AuthorId)
            .Where(a => request.TeamId == "" || a.TeamId == request.TeamId)
            .Where(a => request.State == AssessmentState.Unspecified || a.State == request.State)
            .Where(a => dueBefore == null || a.DueOn < dueBefore)
            .Where(a => !request.OverdueOnly || ((a.State == AssessmentState.Requested || a.State == AssessmentState.InProgress) && a.DueOn < today));
        var total = await query.CountAsync(context.CancellationToken);
        var page = await query.OrderBy(a => a.DueOn == null).ThenBy(a => a.DueOn).ThenBy(a => a.Id).Skip(offset).Take(size).ToListAsync(context.CancellationToken);
        auditor.Read(context.Method, page.Select(a => a.ChildId));
        return new ListAssessmentsResponse
        {
            TotalSize = total,
            NextPageToken = PageTokens.Next(offset, size, page.Count, total, scope),
            Assessments = { page.Select(a => a.ToProto(today)) },
        };
    }

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override async Task<ChooseReturnHomeAssessmentResponse> ChooseReturnHomeAssessment(ChooseReturnHomeAssessmentRequest request, ServerCallContext context)
    {
        new Violations().RequireText(request.ChildId, "child_id", 64).ThrowIfAny();
        var facts = await children.ReadAsync(request.ChildId, context.CancellationToken);
        var lastCompleted = await db.Assessments.AsNoTracking()
            .Where(a => a.ChildId == request.ChildId && a.State == AssessmentState.Completed
                && (a.Kind == AssessmentKind.ChildAndFamily || a.Kind == AssessmentKind.S20ReturnHome))
            .MaxAsync(a => a.CompletedOn, context.CancellationToken);
        auditor.Read(context.Method, request.ChildId);
        // Rule S20-5
        var (form, reasons) = ReturnHomeForm.Choose(facts.Today, lastCompleted, facts.DaysInCare);
        return new ChooseReturnHomeAssessmentResponse
        {
            Form = form,
            Reasons = { reasons },
            LastCompletedAssessmentOn = lastCompleted.ToProto(),
            DaysInCare = facts.DaysInCare,
        };
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<RiskClassification> ClassifyRisk(ClassifyRiskRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireText(request.ChildId, "child_id", 64);
        RiskClassifier.Validate(v, request.Inputs);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, r => r.ChildId, async ct =>
        {
            await children.ReadAsync(request.ChildId, ct);
            var result = RiskClassifier.Classify(request.Inputs);
            var record = new RiskClassificationRecord
            {
                Id = Guid.CreateVersion7(),
                Version = 1,
                ChildId = request.ChildId,
                RiskFactors = request.Inputs.RiskFactors,
                ProtectiveFactors = request.Inputs.ProtectiveFactors,
                CapacityToChange = request.Inputs.CapacityToChange,
                Wishes = request.Inputs.Wishes,
                ComputedBand = result.Band,
                Explanation = result.Explanation,
                ClassifiedBy = user.Id,
                CreatedAt = clock.GetUtcNow(),
            };
            db.RiskClassifications.Add(record);
            Raise(record.ChildId, new RiskClassified { ClassificationId = record.Id.ToString(), ChildId = record.ChildId, ComputedBand = record.ComputedBand, Band = record.Band });
            return record.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.Manager)]
    public override async Task<RiskClassification> OverrideRiskClassification(OverrideRiskClassificationRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireEnum(request.Band, "band");
        // Rule RH-3: an override always carries the manager's rationale.
        v.RequireText(request.Rationale, "rationale", 4000);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, r => r.ChildId, async ct =>
        {
            var record = await db.RiskClassifications.FindByIdAsync("RiskClassification", request.Id, "id", ct);
            Etags.RequireCurrent(record.Version, request.Etag, "RiskClassification", record.Id);
            record.OverrideBand = request.Band;
            record.OverrideRationale = request.Rationale;
            record.OverrideBy = $"{user.Id} ({user.PrimaryRole})";
            record.Version++;
            Raise(record.ChildId, new RiskClassified { ClassificationId = record.Id.ToString(), ChildId = record.ChildId, ComputedBand = record.ComputedBand, Band = record.Band, Overridden = true });
            return record.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<ListRiskClassificationsResponse> ListRiskClassifications(ListRiskClassificationsRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireText(request.ChildId, "child_id", 64);
        var size = PageTokens.PageSize(v, request.PageSize);
        var scope = $"risk\n{request.ChildId}";
        var offset = PageTokens.Decode(v, request.PageToken, scope);
        v.ThrowIfAny();
        var query = db.RiskClassifications.AsNoTracking().Where(r => r.ChildId == request.ChildId);
        var total = await query.CountAsync(context.CancellationToken);
        var page = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(offset).Take(size).ToListAsync(context.CancellationToken);
        auditor.Read(context.Method, request.ChildId);
        return new ListRiskClassificationsResponse
        {
            NextPageToken = PageTokens.Next(offset, size, page.Count, total, scope),
            Classifications = { page.Select(r => r.ToProto()) },
        };
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<Checklist> CreateChecklist(CreateChecklistRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireText(request.ChildId, "child_id", 64);
        v.RequireText(request.Subject, "subject", 200);
        v.RequireEnum(request.LeavingCareStatus, "leaving_care_status");
        foreach (var concern in request.Concerns)
        {
            v.RequireEnum(concern, "concerns");
        }

        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, c => c.ChildId, async ct =>
        {
            var facts = await children.ReadAsync(request.ChildId, ct);
            var concerns = request.Concerns.Distinct().ToList();
            var checklist = new ChecklistRecord
            {
                Id = Guid.CreateVersion7(),
                Version = 1,
                ChildId = request.ChildId,
                Subject = request.Subject,
                State = ChecklistState.InProgress,
                Concerns = string.Join(',', concerns),
                LeavingCareStatus = request.LeavingCareStatus,
                DaysInCare = facts.DaysInCare,
                TeamId = facts.TeamId,
                CreatedAt = clock.GetUtcNow(),
            };
            checklist.Items = ChecklistTemplate.ItemsFor(concerns, facts.DaysInCare, request.LeavingCareStatus)
                .Select((item, position) => new ChecklistItemRecord
                {
                    ChecklistId = checklist.Id, Key = item.Key, Position = position, RuleId = item.RuleId, Title = item.Title, State = ItemState.NotStarted,
                }).ToList();
            db.Checklists.Add(checklist);
            return checklist.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<Checklist> GetChecklist(GetChecklistRequest request, ServerCallContext context)
    {
        var checklist = await db.Checklists.AsNoTracking().Include(c => c.Items).FindByIdAsync("Checklist", request.Id, "id", context.CancellationToken);
        auditor.Read(context.Method, checklist.ChildId);
        return checklist.ToProto();
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<Checklist> UpdateChecklistItem(UpdateChecklistItemRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireText(request.Key, "key", 100);
        ChecklistRules.ValidateItemUpdate(v, request.State, request.Evidence, request.NotApplicableReason, Today);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, c => c.ChildId, async ct =>
        {
            var checklist = await db.Checklists.Include(c => c.Items).FindByIdAsync("Checklist", request.ChecklistId, "checklist_id", ct);
            Etags.RequireCurrent(checklist.Version, request.Etag, "Checklist", checklist.Id);
            ChecklistRules.RequireInProgress(checklist);
            var item = checklist.Items.FirstOrDefault(i => i.Key == request.Key)
                ?? throw new ValidationFailedException([new FieldViolation("key", $"'{request.Key}' is not an item of this checklist")]);
            ChecklistRules.RequireAttestable(item);
            item.State = request.State;
            item.EvidenceNote = request.Evidence?.Note is { Length: > 0 } note ? note : null;
            item.EvidenceDocumentId = request.Evidence?.DocumentId is { Length: > 0 } document ? document : null;
            item.EvidenceDate = request.Evidence?.Date.ToDateOnly();
            item.NotApplicableReason = request.State == ItemState.NotApplicable ? request.NotApplicableReason : null;
            item.UpdatedBy = user.Id;
            checklist.Version++;
            return checklist.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<Checklist> CompleteChecklist(CompleteChecklistRequest request, ServerCallContext context)
    {
        new Violations().RequireRequestId(request.RequestId).RequireText(request.ExceptionReason, "exception_reason", 2000, required: false).ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, c => c.ChildId, async ct =>
        {
            var checklist = await db.Checklists.Include(c => c.Items).FindByIdAsync("Checklist", request.Id, "id", ct);
            Etags.RequireCurrent(checklist.Version, request.Etag, "Checklist", checklist.Id);
            ChecklistRules.RequireInProgress(checklist);
            var role = ChecklistRules.Authorise(user, request.ExceptionReason);
            ChecklistRules.RequireAllItemsSettled(checklist);
            checklist.State = ChecklistState.Completed;
            checklist.CompletedBy = user.Id;
            checklist.CompletedByRole = role;
            checklist.ExceptionReason = role == Roles.IndependentReviewingOfficer ? null : request.ExceptionReason;
            checklist.CompletedAt = clock.GetUtcNow();
            checklist.Version++;
            Raise(checklist.ChildId, new ChecklistCompleted
            {
                ChecklistId = checklist.Id.ToString(), ChildId = checklist.ChildId, Subject = checklist.Subject, CompletedByRole = role,
                Exception = checklist.ExceptionReason is not null,
            });
            return checklist.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<ListChecklistsResponse> ListChecklists(ListChecklistsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var size = PageTokens.PageSize(v, request.PageSize);
        v.OptionalEnum(request.State, "state");
        var scope = $"checklists\n{request.ChildId}\n{request.TeamId}\n{request.State}";
        var offset = PageTokens.Decode(v, request.PageToken, scope);
        v.ThrowIfAny();
        var query = db.Checklists.AsNoTracking()
            .Where(c => request.ChildId == "" || c.ChildId == request.ChildId)
            .Where(c => request.TeamId == "" || c.TeamId == request.TeamId)
            .Where(c => request.State == ChecklistState.Unspecified || c.State == request.State);
        var total = await query.CountAsync(context.CancellationToken);
        var page = await query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Skip(offset).Take(size).Include(c => c.Items).ToListAsync(context.CancellationToken);
        auditor.Read(context.Method, page.Select(c => c.ChildId));
        return new ListChecklistsResponse
        {
            NextPageToken = PageTokens.Next(offset, size, page.Count, total, scope),
            Checklists = { page.Select(c => c.ToProto()) },
        };
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<HouseholdConfirmation> ConfirmHousehold(ConfirmHouseholdRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId).RequireText(request.ChildId, "child_id", 64);
        v.Require(request.MemberIds.Count is > 0 and <= 20, "member_ids", "must name the adults living in the home (1 to 20)");
        // Rule NS-1: "no other adults" is an answer the worker gives, never a default.
        v.Require(request.NoOtherAdults, "no_other_adults", "must be confirmed; if another adult lives there, add them to the child's network in Case as a household member first");
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, h => h.ChildId, async ct =>
        {
            var household = (await children.ReadAsync(request.ChildId, ct)).HouseholdAdults.Select(a => a.Id).ToHashSet();
            var named = request.MemberIds.ToHashSet();
            var check = new Violations();
            foreach (var (id, i) in request.MemberIds.Select((id, i) => (id, i)))
            {
                check.Require(household.Contains(id), $"member_ids[{i}]", "is not a household member in the child's network in Case");
            }

            foreach (var unnamed in household.Where(id => !named.Contains(id)))
            {
                check.Add("member_ids", $"Case records network member {unnamed} as living in the home: name them, or correct the network in Case");
            }

            check.ThrowIfAny();
            var record = new HouseholdConfirmationRecord
            {
                Id = Guid.CreateVersion7(), ChildId = request.ChildId, MemberIds = [.. named.Order(StringComparer.Ordinal)], ConfirmedBy = user.Id, ConfirmedAt = clock.GetUtcNow(),
            };
            db.HouseholdConfirmations.Add(record);
            return new HouseholdConfirmation
            {
                ChildId = record.ChildId, MemberIds = { record.MemberIds }, ConfirmedBy = record.ConfirmedBy, ConfirmTime = Timestamp.FromDateTimeOffset(record.ConfirmedAt),
            };
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseWriter)]
    public override async Task<DbsCheck> RecordDbsCheck(RecordDbsCheckRequest request, ServerCallContext context)
    {
        var check = request.Check ?? new DbsCheck();
        var requestedOn = check.RequestedOn.ToDateOnly();
        var resultOn = check.ResultOn.ToDateOnly();
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireText(check.ChildId, "check.child_id", 64);
        v.RequireText(check.NetworkMemberId, "check.network_member_id", 64);
        v.RequireEnum(check.State, "check.state");
        v.Require(requestedOn is not null, "check.requested_on", "is required and must be a real calendar date");
        v.Require(requestedOn is null || requestedOn <= Today, "check.requested_on", "must not be in the future");
        v.Require(check.State == DbsState.Requested || resultOn is not null, "check.result_on", "is required once the check has a result");
        v.Require(resultOn is null || requestedOn is null || resultOn >= requestedOn, "check.result_on", "must not be before the check was requested");
        v.Require(resultOn is null || resultOn <= Today, "check.result_on", "must not be in the future");
        v.RequireText(check.Notes, "check.notes", 4000, required: false);
        v.Require(check.State != DbsState.ConcernsNoted || check.Notes.Trim().Length > 0, "check.notes", "must say what the concerns are");
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, d => d.ChildId, async ct =>
        {
            var facts = await children.ReadAsync(check.ChildId, ct);
            // Rule NS-1: DBS checks cover the adult members of the household the child would return to.
            var member = facts.HouseholdAdults.FirstOrDefault(m => m.Id == check.NetworkMemberId)
                ?? throw new ValidationFailedException([new FieldViolation("check.network_member_id", "is not a household member in the child's network")]);
            var record = new DbsCheckRecord
            {
                Id = Guid.CreateVersion7(),
                ChildId = check.ChildId,
                NetworkMemberId = member.Id,
                PersonName = member.Name,
                State = check.State,
                RequestedOn = requestedOn!.Value,
                ResultOn = resultOn,
                Notes = check.Notes.Length == 0 ? null : check.Notes,
                CreatedAt = clock.GetUtcNow(),
            };
            db.DbsChecks.Add(record);
            Raise(record.ChildId, new DbsCheckRecorded { DbsCheckId = record.Id.ToString(), ChildId = record.ChildId, NetworkMemberId = record.NetworkMemberId, State = record.State });
            return record.ToProto();
        }, context.CancellationToken);
    }

    [Authorize(Policy = Policies.CaseReader)]
    public override async Task<ListDbsChecksResponse> ListDbsChecks(ListDbsChecksRequest request, ServerCallContext context)
    {
        new Violations().RequireText(request.ChildId, "child_id", 64).ThrowIfAny();
        var latest = await LatestDbsChecksAsync(request.ChildId, context.CancellationToken);
        auditor.Read(context.Method, request.ChildId);
        return new ListDbsChecksResponse { Checks = { latest.Select(d => d.ToProto()) } };
    }

    [Authorize(Policy = Policies.CaseOrServiceReader)]
    public override async Task<ReturnReadiness> GetReturnReadiness(GetReturnReadinessRequest request, ServerCallContext context)
    {
        new Violations().RequireText(request.ChildId, "child_id", 64).ThrowIfAny();
        var ct = context.CancellationToken;
        var facts = await children.ReadAsync(request.ChildId, ct);
        var assessments = await db.Assessments.AsNoTracking().Where(a => a.ChildId == request.ChildId && a.State == AssessmentState.Completed).ToListAsync(ct);
        var latestRisk = await db.RiskClassifications.AsNoTracking().Where(r => r.ChildId == request.ChildId).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        var checklist = await db.Checklists.AsNoTracking().Include(c => c.Items).Where(c => c.ChildId == request.ChildId).OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct);
        var dbs = await LatestDbsChecksAsync(request.ChildId, ct);
        var household = await db.HouseholdConfirmations.AsNoTracking().Where(h => h.ChildId == request.ChildId).OrderByDescending(h => h.Sequence).FirstOrDefaultAsync(ct);
        auditor.Read(context.Method, request.ChildId);

        var missing = ReturnReadinessRules.Missing(facts, new ReadinessEvidence(assessments, latestRisk, checklist, dbs, household), readinessPolicy);
        return new ReturnReadiness
        {
            Ready = missing.Count == 0,
            Missing = { missing.Select(m => new MissingRequirement { RuleId = m.RuleId, Description = m.Description }) },
            LatestBand = latestRisk?.Band ?? RiskBand.Unspecified,
            ComputedBand = latestRisk?.ComputedBand ?? RiskBand.Unspecified,
            OverrideRationale = latestRisk?.OverrideRationale ?? "",
            ChecklistId = checklist?.Id.ToString() ?? "",
        };
    }

    private async Task<List<DbsCheckRecord>> LatestDbsChecksAsync(string childId, CancellationToken cancellationToken)
    {
        var all = await db.DbsChecks.AsNoTracking().Where(d => d.ChildId == childId).ToListAsync(cancellationToken);
        return all.GroupBy(d => d.NetworkMemberId).Select(g => g.OrderByDescending(d => d.Sequence).First()).OrderBy(d => d.PersonName).ToList();
    }

    private static void RequireOpen(AssessmentRecord record)
    {
        if (record.State is AssessmentState.Completed or AssessmentState.Withdrawn)
        {
            throw new RuleViolationException(new RuleViolation("ASSESSMENT-CLOSED", $"assessments/{record.Id}", $"The assessment is {record.State}."));
        }
    }

    private void Touch(AssessmentRecord record)
    {
        record.Version++;
        record.UpdatedAt = clock.GetUtcNow();
    }

    private void Raise(string childId, Google.Protobuf.IMessage payload) => outbox.Add(Topic, payload, childId, null, user.Id);
}
