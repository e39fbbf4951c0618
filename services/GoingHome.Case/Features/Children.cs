using GoingHome.Case.Data;
using GoingHome.Case.Domain;
using GoingHome.Case.Grpc;
using GoingHome.Case.V1;
using GoingHome.Persistence;
using GoingHome.Persistence.Restrictions;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Case.Features;

/// <summary>A child's identity on the case file: register, read, search and correct it.</summary>
public sealed class Children(
    CaseDbContext db,
    UnitOfWork<CaseDbContext> work,
    ChildFiles files,
    ChildRecordChanges changes,
    IntegratorSources sources,
    RecordRestrictions restrictions,
    CurrentUser user,
    Auditor auditor)
{
    private static readonly HashSet<string> UpdatablePaths =
        ["given_name", "family_name", "date_of_birth", "gender", "ethnicity", "local_id", "nhs_number"];

    public async Task<Child> CreateChild(CreateChildRequest request, ServerCallContext context)
    {
        var input = request.Child ?? new Child();
        var v = new Violations().RequireRequestId(request.RequestId);
        if (request.Child is null)
        {
            v.Add("child", "is required");
        }

        var nhsNumber = CaseRules.ValidateChild(v, "child.", input, files.Today);
        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, created => created.Id, async ct =>
        {
            await RequireUniqueLocalIdAsync(db, input.LocalId.NullIfEmpty(), null, ct);
            return changes.Register(input, nhsNumber, request.RequestId).ToProto(files.Today);
        }, context.CancellationToken);
    }

    public async Task<Child> GetChild(GetChildRequest request, ServerCallContext context)
    {
        var child = await files.LoadAsync(request.Id, "id", tracking: false, context.CancellationToken);
        // Rule ACC-3: an integrator reads the children it keeps; any other is answered as an unknown id.
        if (!sources.MayRead(child))
        {
            throw new ResourceNotFoundException("Child", request.Id);
        }

        auditor.Read(context.Method, request.Id);
        return child.ToProto(files.Today);
    }

    public async Task<ListChildrenResponse> ListChildren(ListChildrenRequest request, ServerCallContext context)
    {
        var query = ChildQuery.Parse(request);
        // Restricted children are left out of the count as well as the page, so no filter can tell they exist; an
        // integrator counts only the children it keeps (ACC-3).
        var hidden = restrictions.HiddenFrom(user).Select(id => Guid.TryParse(id, out var guid) ? guid : Guid.Empty).ToList();
        var children = ChildQueries.Apply(sources.Readable(db.Children.AsNoTracking()), query, files.Today);
        if (hidden.Count > 0)
        {
            children = children.Where(c => !hidden.Contains(c.Id));
        }

        var total = await children.CountAsync(context.CancellationToken);
        var page = await ChildQueries.Order(children, query.Order)
            .Skip(query.Offset).Take(query.PageSize)
            .Include(c => c.Episodes).ThenInclude(e => e.Placements)
            .Include(c => c.Network)
            .Include(c => c.Allocations.Where(a => a.EndedAt == null))
            .AsSplitQuery()
            .ToListAsync(context.CancellationToken);

        var response = new ListChildrenResponse
        {
            TotalSize = total,
            NextPageToken = PageTokens.Next(query.Offset, query.PageSize, page.Count, total, PageTokens.Query(request)),
        };
        response.Children.AddRange(auditor.ReadPage(context.Method, page, child => child.Id.ToString()).Select(child => child.ToProto(files.Today)));

        return response;
    }

    public async Task<Child> UpdateChild(UpdateChildRequest request, ServerCallContext context)
    {
        var input = request.Child ?? new Child();
        var v = new Violations().RequireRequestId(request.RequestId);
        v.RequireText(input.Etag, "child.etag", 20);
        var paths = request.UpdateMask?.Paths.ToList() ?? [];
        v.Require(paths.Count > 0, "update_mask", "must name at least one field");
        foreach (var path in paths.Where(p => !UpdatablePaths.Contains(p)))
        {
            v.Add("update_mask", $"'{path}' cannot be updated; use {string.Join(", ", UpdatablePaths)}");
        }

        v.ThrowIfAny();

        return await work.ExecuteAsync(context.Method, request.RequestId, _ => input.Id, async ct =>
        {
            var child = await files.LoadAsync(input.Id, "child.id", tracking: true, ct);
            Etags.RequireCurrent(child.Version, input.Etag, "Child", child.Id);
            var check = new Violations();
            string? nhsNumber = child.NhsNumber;
            foreach (var path in paths)
            {
                switch (path)
                {
                    case "given_name": child.GivenName = input.GivenName.Trim(); break;
                    case "family_name": child.FamilyName = input.FamilyName.Trim(); break;
                    case "date_of_birth": child.DateOfBirth = input.DateOfBirth.ToDateOnly() ?? default; break;
                    case "gender": check.OptionalEnum(input.Gender, "child.gender"); child.Gender = input.Gender; child.Sex = ChildRecordChanges.SexCode(input.Gender); break;
                    case "ethnicity": check.RequireText(input.Ethnicity, "child.ethnicity", 100, required: false); child.Ethnicity = input.Ethnicity.NullIfEmpty(); break;
                    case "local_id": check.RequireText(input.LocalId, "child.local_id", 100, required: false); child.LocalId = input.LocalId.NullIfEmpty(); break;
                    case "nhs_number": nhsNumber = CaseRules.ValidateNhsNumber(check, "child.nhs_number", input.NhsNumber); break;
                }
            }

            var dob = paths.Contains("date_of_birth") ? input.DateOfBirth.ToDateOnly() : child.DateOfBirth;
            CaseRules.ValidateIdentity(check, "child.", child.GivenName, child.FamilyName, dob, files.Today);
            CaseRules.ValidateBirthBeforeEpisodes(check, "child.date_of_birth", child, dob);
            check.ThrowIfAny();
            child.NhsNumber = nhsNumber;
            await RequireUniqueLocalIdAsync(db, child.LocalId, child.Id, ct);
            changes.Updated(child, paths, request.RequestId);
            return child.ToProto(files.Today);
        }, context.CancellationToken);
    }

    /// <summary>The authority's case reference belongs to one child.</summary>
    public static async Task RequireUniqueLocalIdAsync(CaseDbContext db, string? localId, Guid? exceptChild, CancellationToken cancellationToken)
    {
        if (localId is not null && await db.Children.AnyAsync(c => c.LocalId == localId && c.Id != exceptChild, cancellationToken))
        {
            throw new ValidationFailedException([new FieldViolation("child.local_id", "is already used by another child")]);
        }
    }
}
