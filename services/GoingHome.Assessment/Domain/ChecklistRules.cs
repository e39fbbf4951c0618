using GoingHome.Assessment.Data;
using GoingHome.Assessment.V1;
using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;

namespace GoingHome.Assessment.Domain;

/// <summary>How checklist items are marked and who completes the checklist (Rules RH-1..RH-9, RH-2). Pure.</summary>
public static class ChecklistRules
{
    public static void RequireInProgress(ChecklistEntity checklist)
    {
        if (checklist.State != ChecklistState.InProgress)
        {
            throw new RuleViolationException(new RuleViolation("RH-2", $"checklists/{checklist.Id}", "The checklist is completed; start a new one for another decision."));
        }
    }

    /// <summary>An item is met only with evidence, and not applicable only with a reason.</summary>
    public static void ValidateItemUpdate(Violations v, ItemState state, Evidence? evidence, string notApplicableReason, DateOnly today)
    {
        v.RequireEnum(state, "state");
        if (state == ItemState.Met)
        {
            v.Require(evidence is not null && (evidence.Note.Trim().Length > 0 || evidence.DocumentId.Trim().Length > 0), "evidence",
                "an item is met only with evidence: a note or a document on the child's record");
        }

        if (state == ItemState.NotApplicable)
        {
            v.RequireText(notApplicableReason, "not_applicable_reason", 2000);
        }

        v.RequireText(evidence?.Note, "evidence.note", 4000, required: false);
        v.RequireText(evidence?.DocumentId, "evidence.document_id", 100, required: false);
        if (evidence?.Date is { } date)
        {
            var parsed = GoingHome.ServiceDefaults.Grpc.ProtoDates.ToDateOnly(date);
            v.Require(parsed is not null, "evidence.date", "must be a real calendar date");
            v.Require(parsed is null || parsed <= today, "evidence.date", "must not be in the future");
        }
    }

    /// <summary>
    /// Rule RH-2: the IRO completes the checklist at the review; in the exception (no review in time) the TM does, with
    /// the SW and in consultation with the IRO, and the reason is recorded. Returns the role it is completed in.
    /// </summary>
    public static string Authorise(CurrentUser user, string exceptionReason)
    {
        if (user.IsInRole(Roles.IndependentReviewingOfficer))
        {
            return Roles.IndependentReviewingOfficer;
        }

        if (user.IsInRole(Roles.TeamManager))
        {
            if (string.IsNullOrWhiteSpace(exceptionReason))
            {
                throw new RuleViolationException(new RuleViolation("RH-2", "exception_reason",
                    "A team manager completes the checklist only under the exception, with its reason recorded (for example consent to S20 withdrawn and no review possible in time)."));
            }

            return Roles.TeamManager;
        }

        throw new AccessDeniedException("RH-2: the checklist is completed by the IRO, or under the exception by the team manager with the social worker.", "RH-2");
    }

    /// <summary>
    /// Rule RH-4: the HoS's agreement is met by the HoS approving the return in Approvals (which writes the case note),
    /// never attested by staff; it follows the checklist, so the checklist completes without it.
    /// </summary>
    public const string HeadOfServiceAgreementKey = "rh4-hos-agreement";

    /// <summary>Rule RH-2: the IRO who completes the checklist is the one Case allocates to the child.</summary>
    public static void RequireChildsIro(IEnumerable<GoingHome.Case.V1.Allocation> allocations, string userId)
    {
        if (!allocations.Any(a => a.Role == GoingHome.Case.V1.WorkerRole.IndependentReviewingOfficer && a.WorkerId == userId))
        {
            throw new AccessDeniedException("The returning-home checklist is completed by the child's allocated IRO (RH-2).", "RH-2");
        }
    }

    /// <summary>
    /// Rule RH-1: the four duties before ceasing to look after a child (2015 amendments) hold for every return, so none
    /// can be marked not applicable, whatever reason is given.
    /// </summary>
    public static void RequireMayBe(ChecklistItemEntity item, ItemState state)
    {
        if (item.RuleId == "RH-1" && state == ItemState.NotApplicable)
        {
            throw new RuleViolationException(new RuleViolation("RH-1", item.Key,
                $"'{item.Title}' is a duty before ceasing to look after any child; it cannot be not applicable."));
        }
    }

    public static void RequireAttestable(ChecklistItemEntity item)
    {
        if (item.Key == HeadOfServiceAgreementKey)
        {
            throw new RuleViolationException(new RuleViolation("RH-4", item.Key,
                "The Head of Service's agreement is recorded by the HoS approving the return in Approvals, not attested here."));
        }
    }

    /// <summary>Every item must be met or not applicable (but the HoS's agreement, which follows); each that is not is named by its rule ID.</summary>
    public static void RequireAllItemsSettled(ChecklistEntity checklist)
    {
        var unmet = checklist.Items.Where(i => i.State == ItemState.NotStarted && i.Key != HeadOfServiceAgreementKey).OrderBy(i => i.Position)
            .Select(i => new RuleViolation(i.RuleId, i.Key, $"{i.Title}: not yet met"))
            .ToList();
        if (unmet.Count > 0)
        {
            throw new RuleViolationException(unmet);
        }
    }
}
