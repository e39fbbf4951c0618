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
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Assessment.Features;

/// <summary>NSPCC risk classification: computed from the factors, overridden only with a manager's rationale.</summary>
public sealed class RiskClassifications(
    AssessmentDbContext db,
    UnitOfWork<AssessmentDbContext> work,
    AssessmentEvents events,
    Auditor auditor,
    CurrentUser user,
    CaseChildReader children,
    TimeProvider clock)
{
    public async Task<RiskClassification> ClassifyRisk(ClassifyRiskRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireText(request.ChildId, "child_id", 64);
        RiskClassifier.Validate(v, request.Inputs);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, r => r.ChildId, async ct =>
        {
            await children.ReadAsync(request.ChildId, ct);
            var result = RiskClassifier.Classify(request.Inputs);
            var record = new RiskClassificationEntity
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
            events.Raise(record.ChildId, new RiskClassified { ClassificationId = record.Id.ToString(), ChildId = record.ChildId, ComputedBand = record.ComputedBand, Band = record.Band });
            return record.ToProto();
        }, context.CancellationToken);
    }

    public async Task<RiskClassification> OverrideRiskClassification(OverrideRiskClassificationRequest request, ServerCallContext context)
    {
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireEnum(request.Band, "band");
        // Rule RH-3: an override always carries the manager's rationale.
        v.RequireText(request.Rationale, "rationale", 4000);
        v.ThrowIfAny();
        return await work.ExecuteAsync(context.Method, request.RequestId, r => r.ChildId, async ct =>
        {
            var record = await db.RiskClassifications.FindByIdAsync("RiskClassification", request.Id, "id", ct);
            await work.RequireAccessAsync(record.ChildId, ct);
            Etags.RequireCurrent(record.Version, request.Etag, "RiskClassification", record.Id);
            record.OverrideBand = request.Band;
            record.OverrideRationale = request.Rationale;
            record.OverrideBy = $"{user.Id} ({user.PrimaryRole})";
            record.Version++;
            events.Raise(record.ChildId, new RiskClassified { ClassificationId = record.Id.ToString(), ChildId = record.ChildId, ComputedBand = record.ComputedBand, Band = record.Band, Overridden = true });
            return record.ToProto();
        }, context.CancellationToken);
    }

    public async Task<ListRiskClassificationsResponse> ListRiskClassifications(ListRiskClassificationsRequest request, ServerCallContext context)
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
}
