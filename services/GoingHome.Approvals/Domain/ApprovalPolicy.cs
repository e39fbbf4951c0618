using GoingHome.ServiceClients;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;

namespace GoingHome.Approvals.Domain;

/// <summary>An authority's approval policy (Rule AP-9): which steps each action needs, on which facts.</summary>
public sealed record ApprovalPolicy(string Name, bool SeniorMayActInstead, IReadOnlyDictionary<string, PolicyAction> Actions);

/// <param name="Subject">The collection its requests are about (lastingHomes for a lasting home's ratification): a
/// request's subject is a resource of it, confirmed with the service that holds it.</param>
/// <param name="RequiresReturnReadiness">NS-1: the request is refused until Assessment says the return is ready.</param>
/// <param name="Refusals">Conditions under which the action is not put to approvers at all, each with its rule (RH-3: a Severe band).</param>
public sealed record PolicyAction(
    string Name, string Description, string Subject, IReadOnlyList<string> RequiredFacts, bool RequiresReturnReadiness, IReadOnlyList<PolicyStep> Steps,
    IReadOnlyList<PolicyRefusal> Refusals);

public sealed record PolicyRefusal(string RuleId, string Reason, StepCondition When);

public sealed record PolicyStep(
    string RuleId,
    string Title,
    string Role,
    StepCondition When,
    Timescale? Deadline,
    Timescale? RemindBefore,
    IReadOnlyList<string> Notify,
    bool RecordCaseNote,
    bool AttachDocument);

/// <summary>Conditions on the facts; every one that is set must hold for the step to apply.</summary>
public sealed record StepCondition(
    int? AgeUnder = null,
    int? AgeAtLeast = null,
    int? DaysLookedAfterOver = null,
    int? DaysLookedAfterAtMost = null,
    IReadOnlyList<GoingHome.Case.V1.LegalStatus>? LegalStatusIn = null,
    int? DaysToPlannedReturnAtMost = null,
    IReadOnlyList<GoingHome.Assessment.V1.RiskBand>? RiskBandIn = null);

/// <summary>Rule RH-3: the band a return is decided on, the computed band beside it, and the rationale of an override.</summary>
public sealed record RiskFacts(GoingHome.Assessment.V1.RiskBand Band, GoingHome.Assessment.V1.RiskBand ComputedBand, string OverrideRationale)
{
    public static readonly RiskFacts Unknown = new(GoingHome.Assessment.V1.RiskBand.Unspecified, GoingHome.Assessment.V1.RiskBand.Unspecified, "");

    public static RiskFacts From(GoingHome.Assessment.V1.ReturnReadiness readiness) => new(readiness.LatestBand, readiness.ComputedBand, readiness.OverrideRationale);
}

/// <summary>The facts a policy is evaluated on; read from Case, or supplied by the service that owns them.</summary>
public sealed record PolicyFacts(
    DateOnly DateOfBirth,
    int AgeYears,
    GoingHome.Case.V1.LegalStatus LegalStatus,
    DateOnly? EpisodeStart,
    int? DaysLookedAfter,
    DateOnly? PlannedReturnDate,
    int? DaysToPlannedReturn,
    string TeamId,
    DateOnly EvaluatedOn,
    RiskFacts Risk)
{
    /// <summary>The facts of a child as Case holds it, with the planned return date the requester owns and the risk Assessment holds.</summary>
    public static PolicyFacts From(ChildSnapshot child, DateOnly? plannedReturnDate, RiskFacts? risk = null)
    {
        var dateOfBirth = child.Child.DateOfBirth.ToDateOnly()
            ?? throw new InvalidOperationException($"Case returned child {child.Child.Id} without a date of birth.");
        return new PolicyFacts(
            dateOfBirth,
            Ages.On(dateOfBirth, child.Today),
            child.Child.CurrentLegalStatus,
            child.OpenPeriodStart,
            child.OpenPeriodStart is not null ? child.DaysInCare : null,
            plannedReturnDate,
            plannedReturnDate is { } planned ? planned.DayNumber - child.Today.DayNumber : null,
            child.TeamId,
            child.Today,
            risk ?? RiskFacts.Unknown);
    }
}

/// <summary>A step a policy requires for an action on a child, with the reason it applies.</summary>
public sealed record RequiredStep(int Index, PolicyStep Step, string Reason);
