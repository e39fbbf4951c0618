using GoingHome.Assessment.Data;
using GoingHome.Assessment.Domain;
using GoingHome.Assessment.Grpc;
using GoingHome.Assessment.V1;
using GoingHome.Events.V1;
using GoingHome.Persistence;
using GoingHome.Persistence.Children;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Assessment.Features;

/// <summary>Assessments of a family's readiness: request, write up, complete or withdraw, and which form a return home needs.</summary>
public sealed class Assessments(
    AssessmentDbContext db,
    UnitOfWork<AssessmentDbContext> work,
    AssessmentEvents events,
    Auditor auditor,
    CaseChildReader children,
    TimeProvider clock)
{
    public async Task<V1.Assessment> CreateAssessment(CreateAssessmentRequest request, ServerCallContext context)
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
            var record = new AssessmentEntity
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
            events.Raise(record.ChildId, new AssessmentRequested
            {
                AssessmentId = record.Id.ToString(), ChildId = record.ChildId, Kind = record.Kind, AuthorId = record.AuthorId,
                TeamId = record.TeamId, RequestedBy = record.RequestedBy ?? "",
            });
            return record.ToProto(Today);
        }, context.CancellationToken);
    }

    public async Task<V1.Assessment> GetAssessment(GetAssessmentRequest request, ServerCallContext context)
    {
        var record = await db.Assessments.AsNoTracking().FindByIdAsync("Assessment", request.Id, "id", context.CancellationToken);
        auditor.Read(context.Method, record.ChildId);
        return record.ToProto(Today);
    }

    public async Task<V1.Assessment> UpdateAssessment(UpdateAssessmentRequest request, ServerCallContext context)
    {
        var input = request.Assessment ?? new V1.Assessment();
        var v = new Violations().RequireRequestId(request.RequestId);
        var paths = request.UpdateMask?.Paths.ToList() ?? [];
        v.Require(paths.Count > 0, "update_mask", "must name at least one field");
        foreach (var path in paths.Where(p => !AnalysisSections.ContainsKey(p) && p is not ("author_id" or "due_on")))
        {
            v.Add("update_mask", $"'{path}' cannot be updated; use author_id, due_on or {string.Join(", ", AnalysisSections.Keys)}");
        }

        // Each section under its field path as the contract names it (assessment.analysis.child_journey).
        var analysis = input.Analysis ?? new AssessmentAnalysis();
        foreach (var section in AssessmentAnalysis.Descriptor.Fields.InDeclarationOrder())
        {
            v.RequireText((string)section.Accessor.GetValue(analysis), $"assessment.analysis.{section.Name}", 20000, required: false);
        }

        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, a => a.ChildId, async ct =>
        {
            var record = await db.Assessments.FindByIdAsync("Assessment", input.Id, "assessment.id", ct);
            await work.RequireAccessAsync(record.ChildId, ct);
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

    public async Task<V1.Assessment> CompleteAssessment(CompleteAssessmentRequest request, ServerCallContext context)
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
            await work.RequireAccessAsync(record.ChildId, ct);
            Etags.RequireCurrent(record.Version, request.Etag, "Assessment", record.Id);
            RequireOpen(record);
            new Violations().Require(completedOn >= record.RequestedOn, "completed_on", $"must not be before the request ({record.RequestedOn:yyyy-MM-dd})").ThrowIfAny();
            record.State = AssessmentState.Completed;
            record.CompletedOn = completedOn;
            Touch(record);
            events.Raise(record.ChildId, new AssessmentCompleted { AssessmentId = record.Id.ToString(), ChildId = record.ChildId, Kind = record.Kind, RequestedBy = record.RequestedBy ?? "" });
            return record.ToProto(Today);
        }, context.CancellationToken);
    }

    public async Task<V1.Assessment> WithdrawAssessment(WithdrawAssessmentRequest request, ServerCallContext context)
    {
        new Violations().RequireRequestId(request.RequestId).RequireText(request.Reason, "reason", 2000).ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, a => a.ChildId, async ct =>
        {
            var record = await db.Assessments.FindByIdAsync("Assessment", request.Id, "id", ct);
            await work.RequireAccessAsync(record.ChildId, ct);
            Etags.RequireCurrent(record.Version, request.Etag, "Assessment", record.Id);
            RequireOpen(record);
            record.State = AssessmentState.Withdrawn;
            record.WithdrawReason = request.Reason;
            Touch(record);
            return record.ToProto(Today);
        }, context.CancellationToken);
    }

    public async Task<ListAssessmentsResponse> ListAssessments(ListAssessmentsRequest request, ServerCallContext context)
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
        var shown = auditor.ReadPage(context.Method, page, a => a.ChildId);
        var response = new ListAssessmentsResponse
        {
            TotalSize = total,
            NextPageToken = PageTokens.Next(offset, size, page.Count, total, scope),
            Assessments = { shown.Select(a => a.ToProto(today)) },
        };
        await ChildLabels.NameChildrenAsync(db, response.Assessments, today, context.CancellationToken);
        return response;
    }

    public async Task<ChooseReturnHomeAssessmentResponse> ChooseReturnHomeAssessment(ChooseReturnHomeAssessmentRequest request, ServerCallContext context)
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

    private static readonly Dictionary<string, Action<AssessmentEntity, AssessmentAnalysis>> AnalysisSections = new()
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

    private DateOnly Today => clock.LondonToday();

    private static void RequireOpen(AssessmentEntity record)
    {
        if (record.State is AssessmentState.Completed or AssessmentState.Withdrawn)
        {
            throw new RuleViolationException(new RuleViolation("ASSESSMENT-CLOSED", $"assessments/{record.Id}", $"The assessment is {record.State}."));
        }
    }

    private void Touch(AssessmentEntity record)
    {
        record.Version++;
        record.UpdatedAt = clock.GetUtcNow();
    }
}
