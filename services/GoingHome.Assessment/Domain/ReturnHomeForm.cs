using GoingHome.Assessment.V1;

namespace GoingHome.Assessment.Domain;

/// <summary>Rule S20-5: which assessment a return home from S20 needs. Pure.</summary>
public static class ReturnHomeForm
{
    public const int ShortStayDays = 20;

    public static (AssessmentKind Form, IReadOnlyList<string> Reasons) Choose(DateOnly today, DateOnly? lastCompletedAssessment, int daysInCare)
    {
        var reasons = new List<string>();
        var recent = lastCompletedAssessment is { } last && last >= today.AddMonths(-3);
        if (recent)
        {
            reasons.Add($"an assessment was completed on {lastCompletedAssessment:yyyy-MM-dd}, within the last 3 months");
        }

        if (daysInCare < ShortStayDays)
        {
            reasons.Add($"the child has been in care for {daysInCare} days, fewer than {ShortStayDays}");
        }

        if (reasons.Count > 0)
        {
            return (AssessmentKind.S20ReturnHome, reasons);
        }

        reasons.Add(lastCompletedAssessment is { } previous
            ? $"the last completed assessment was on {previous:yyyy-MM-dd}, more than 3 months ago"
            : "no assessment has been completed");
        reasons.Add($"the child has been in care for {daysInCare} days, at least {ShortStayDays}");
        return (AssessmentKind.ChildAndFamily, reasons);
    }
}
