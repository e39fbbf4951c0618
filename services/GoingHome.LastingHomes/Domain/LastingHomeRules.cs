using GoingHome.Case.V1;
using GoingHome.LastingHomes.Data;
using GoingHome.LastingHomes.V1;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.Time;

namespace GoingHome.LastingHomes.Domain;

/// <summary>The Lasting Home rules as pure checks. None of them looks at how long the child has lived in the home (LH-2).</summary>
public static class LastingHomeRules
{
    /// <summary>
    /// Rule LH-1: fostering by default; residential only as an evidenced exception; time-limited kinship is not a lasting
    /// home; for kinship the private law order considered is recorded (002: the preferred legal permanence).
    /// </summary>
    public static List<RuleViolation> CheckScope(CarerType carer, string residentialEvidence, bool kinshipTimeLimited, string privateLawOrder, string subject)
    {
        var unmet = new List<RuleViolation>();
        if (carer == CarerType.Residential && string.IsNullOrWhiteSpace(residentialEvidence))
        {
            unmet.Add(new RuleViolation("LH-1", subject, "A residential home is a lasting home only as an exception, with evidence of long-term commitment to the child."));
        }

        if (carer == CarerType.Kinship && kinshipTimeLimited)
        {
            unmet.Add(new RuleViolation("LH-1", subject, "A time-limited kinship arrangement is not a lasting home: the child is expected to move on."));
        }
        else if (carer == CarerType.Kinship && string.IsNullOrWhiteSpace(privateLawOrder))
        {
            unmet.Add(new RuleViolation("LH-1", subject,
                "For a kinship child legal permanence by the most appropriate private law order is preferred: record the order considered."));
        }

        return unmet;
    }

    /// <summary>
    /// Rule LH-3: before the matching meeting is held: the carers' commitment work and information (by the SSW), direct work with the
    /// child, parents supported with the guide and invited as appropriate, every professional working with the child invited.
    /// </summary>
    public static List<RuleViolation> MissingPreparation(IReadOnlyCollection<PreparationEntity> done, IEnumerable<string> professionals, string subject)
    {
        var unmet = new List<RuleViolation>();
        bool Has(PreparationItem item) => done.Any(p => p.Item == item);
        if (!Has(PreparationItem.CarersCommitmentWork))
        {
            unmet.Add(new RuleViolation("LH-3", subject, "The SSW has not recorded the carers' commitment work."));
        }

        if (!Has(PreparationItem.CarersInformation))
        {
            unmet.Add(new RuleViolation("LH-3", subject, "The SSW has not provided the information about the foster carers for the meeting."));
        }

        if (!Has(PreparationItem.ChildDirectWork))
        {
            unmet.Add(new RuleViolation("LH-3", subject, "Direct work with the child about the meeting and the visit is not recorded."));
        }

        if (!Has(PreparationItem.ParentsSupportedWithGuide))
        {
            unmet.Add(new RuleViolation("LH-3", subject, "Parents have not been supported with the parents' guide."));
        }

        if (!Has(PreparationItem.ParentsInvited) && !Has(PreparationItem.ParentsNotInvited))
        {
            unmet.Add(new RuleViolation("LH-3", subject, "Parents have not been invited, nor the reason recorded why it was not appropriate."));
        }

        var invited = done.Where(p => p.Item == PreparationItem.ProfessionalInvited).Select(p => p.Subject).ToHashSet();
        unmet.AddRange(professionals.Where(p => !invited.Contains(p))
            .Select(p => new RuleViolation("LH-3", subject, $"Professional {p} working with the child has not been invited.")));
        return unmet;
    }

    /// <summary>Everyone working with the child, from Case: allocated workers other than the chair, and professionals in the network.</summary>
    public static IEnumerable<string> Professionals(Child child) =>
        child.Allocations.Where(a => a.Role != WorkerRole.TeamManager).Select(a => a.WorkerId)
            .Concat(child.Network.Where(n => n.Relationship is Relationship.Professional or Relationship.School).Select(n => n.Id))
            .Distinct();

    /// <summary>Rule LH-4: the matching meeting is chaired by the TM allocated to the child's case (the SW's TM).</summary>
    public static RuleViolation? CheckChair(Child child, string chairId, string subject) =>
        child.Allocations.Any(a => a.Role == WorkerRole.TeamManager && a.WorkerId == chairId)
            ? null
            : new RuleViolation("LH-4", subject, $"The matching meeting is chaired by the child's team manager; {chairId} is not the TM allocated to this child.");

    /// <summary>Rule LH-6: the child's team manager and social worker meet the child and carers at the visit.</summary>
    public static List<RuleViolation> MissingAtVisit(Child child, IReadOnlyCollection<string> attendees, string subject) =>
        [.. new[] { (WorkerRole.TeamManager, "team manager"), (WorkerRole.SocialWorker, "social worker") }
            .Where(w => !child.Allocations.Any(a => a.Role == w.Item1 && attendees.Contains(a.WorkerId)))
            .Select(w => new RuleViolation("LH-6", subject, $"The child's allocated {w.Item2} attends the commitment visit."))];

    /// <summary>
    /// Rule LH-6: the visit is "as soon as reasonably possible" after ratification; decision: due 10 working days after
    /// the ratification day, shown on the tracker and overdue after it.
    /// </summary>
    public static DateOnly? VisitDue(LastingHomeEntity home, WorkingDayCalendar calendar) =>
        home is { Stage: LastingHomeStage.Ratified, RatifiedOn: { } ratified } ? calendar.AddWorkingDays(ratified, VisitWorkingDays) : null;

    public const int VisitWorkingDays = 10;

    /// <summary>Rule LH-9: the tracker's bands of days waiting in the current stage; the last has no end.</summary>
    public static readonly IReadOnlyList<(string Label, int MinDays, int? MaxDays)> WaitingBands =
        [("Under 30 days", 0, 29), ("30 to 89 days", 30, 89), ("90 to 179 days", 90, 179), ("180 days or more", 180, null)];

    /// <summary>The child is in their lasting home (celebrated, or deemed so under a private law order): no longer waiting.</summary>
    public static bool IsSettled(LastingHomeStage stage) => stage is LastingHomeStage.Celebrated or LastingHomeStage.Deemed;

    /// <summary>Whole days since the stage was entered, as the tracker shows them.</summary>
    public static int DaysWaiting(DateTimeOffset stageEnteredAt, DateTimeOffset now) => (int)Math.Floor((now - stageEnteredAt).TotalDays);

    /// <summary>Rule LH-9: what the tracker shows as the next step.</summary>
    public static string NextStep(LastingHomeStage stage) => stage switch
    {
        LastingHomeStage.Proposed => "TM to decide with the IRO whether to start (LH-2)",
        LastingHomeStage.Preparation => "Complete preparation and hold the matching meeting (LH-3, LH-4)",
        LastingHomeStage.AwaitingRatification => "HoS ratification within 2 weeks (LH-5)",
        LastingHomeStage.Ratified => "Commitment visit as soon as reasonably possible (LH-6)",
        LastingHomeStage.NotRatified => "Review the plan with the IRO",
        LastingHomeStage.CommitmentVisitHeld => "Celebration event and contribution (LH-7)",
        LastingHomeStage.Deemed => "None: a kinship child deemed in their lasting home (LH-1)",
        _ => "Complete",
    };
}
