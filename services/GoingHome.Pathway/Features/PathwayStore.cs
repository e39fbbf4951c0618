using GoingHome.Pathway.Data;
using GoingHome.Pathway.V1;
using GoingHome.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Pathway.Features;

/// <summary>Finds a child's current pathway and refuses changes to a closed one (GH-16).</summary>
public sealed class PathwayStore(
    PathwayDbContext db)
{
    public async Task<PathwayEntity> CurrentPathwayAsync(string childId, CancellationToken ct)
    {
        new Violations().RequireText(childId, "child_id", 64).ThrowIfAny();
        return await db.Pathways.Where(p => p.ChildId == childId).OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(ct)
            ?? throw new ResourceNotFoundException("Pathway", $"children/{childId}/pathway");
    }

    public static void RequireOpen(PathwayEntity pathway)
    {
        if (pathway.Stage == Stage.Closed)
        {
            throw new RuleViolationException(new RuleViolation("GH-16", $"children/{pathway.ChildId}/pathway", "The pathway is closed."));
        }
    }
}
