using GoingHome.Assessment.Data;
using GoingHome.Assessment.Domain;
using GoingHome.Assessment.Grpc;
using GoingHome.Assessment.V1;
using GoingHome.Events.V1;
using GoingHome.Persistence;
using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Assessment.Features;

/// <summary>The returning-home checklist: created from the template, worked item by item, completed when every item is met.</summary>
public sealed class Checklists(
    AssessmentDbContext db,
    UnitOfWork<AssessmentDbContext> work,
    AssessmentEvents events,
    Auditor auditor,
    CurrentUser user,
    CaseChildReader children,
    TimeProvider clock)
{
    public async Task<Checklist> CreateChecklist(CreateChecklistRequest request, ServerCallContext context)
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
            var checklist = new ChecklistEntity
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
                .Select((item, position) => new ChecklistItemEntity
                {
                    ChecklistId = checklist.Id, Key = item.Key, Position = position, RuleId = item.RuleId, Title = item.Title, State = ItemState.NotStarted,
                }).ToList();
            db.Checklists.Add(checklist);
            return checklist.ToProto();
        }, context.CancellationToken);
    }

    public async Task<Checklist> GetChecklist(GetChecklistRequest request, ServerCallContext context)
    {
        var checklist = await db.Checklists.AsNoTracking().Include(c => c.Items).FindByIdAsync("Checklist", request.Id, "id", context.CancellationToken);
        auditor.Read(context.Method, checklist.ChildId);
        return checklist.ToProto();
    }

    public async Task<Checklist> UpdateChecklistItem(UpdateChecklistItemRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireText(request.Key, "key", 100);
        ChecklistRules.ValidateItemUpdate(v, request.State, request.Evidence, request.NotApplicableReason, clock.LondonToday());
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, c => c.ChildId, async ct =>
        {
            var checklist = await db.Checklists.Include(c => c.Items).FindByIdAsync("Checklist", request.ChecklistId, "checklist_id", ct);
            await work.RequireAccessAsync(checklist.ChildId, ct);
            Etags.RequireCurrent(checklist.Version, request.Etag, "Checklist", checklist.Id);
            ChecklistRules.RequireInProgress(checklist);
            var item = checklist.Items.FirstOrDefault(i => i.Key == request.Key)
                ?? throw new ValidationFailedException([new FieldViolation("key", $"'{request.Key}' is not an item of this checklist")]);
            ChecklistRules.RequireAttestable(item);
            ChecklistRules.RequireMayBe(item, request.State);
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

    public async Task<Checklist> CompleteChecklist(CompleteChecklistRequest request, ServerCallContext context)
    {
        new Violations().RequireRequestId(request.RequestId).RequireText(request.ExceptionReason, "exception_reason", 2000, required: false).ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, c => c.ChildId, async ct =>
        {
            var checklist = await db.Checklists.Include(c => c.Items).FindByIdAsync("Checklist", request.Id, "id", ct);
            await work.RequireAccessAsync(checklist.ChildId, ct);
            Etags.RequireCurrent(checklist.Version, request.Etag, "Checklist", checklist.Id);
            ChecklistRules.RequireInProgress(checklist);
            var role = ChecklistRules.Authorise(user, request.ExceptionReason);
            if (role == Roles.IndependentReviewingOfficer)
            {
                // Rule RH-2: the child's own IRO, at the review convened for the decision; not any IRO.
                var child = await children.ReadAsync(checklist.ChildId, ct);
                ChecklistRules.RequireChildsIro(child.Child.Allocations, user.Id);
            }

            ChecklistRules.RequireAllItemsSettled(checklist);
            checklist.State = ChecklistState.Completed;
            checklist.CompletedBy = user.Id;
            checklist.CompletedByRole = role;
            checklist.ExceptionReason = role == Roles.IndependentReviewingOfficer ? null : request.ExceptionReason;
            checklist.CompletedAt = clock.GetUtcNow();
            checklist.Version++;
            events.Raise(checklist.ChildId, new ChecklistCompleted
            {
                ChecklistId = checklist.Id.ToString(), ChildId = checklist.ChildId, Subject = checklist.Subject, CompletedByRole = role,
                Exception = checklist.ExceptionReason is not null,
            });
            return checklist.ToProto();
        }, context.CancellationToken);
    }

    public async Task<ListChecklistsResponse> ListChecklists(ListChecklistsRequest request, ServerCallContext context)
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
        var (page, next) = await query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Include(c => c.Items).ReadPageAsync(offset, size, scope, context.CancellationToken);
        var shown = auditor.ReadPage(context.Method, page, c => c.ChildId);
        return new ListChecklistsResponse
        {
            NextPageToken = next,
            Checklists = { shown.Select(c => c.ToProto()) },
        };
    }
}
