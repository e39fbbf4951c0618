using GoingHome.Assessment.V1;

namespace GoingHome.Assessment.Domain;

/// <summary>One item a returning-home checklist asks about.</summary>
public sealed record ChecklistItemDefinition(string Key, string RuleId, string Title);

/// <summary>Rules RH-1, RH-4..RH-9: the items of a returning-home checklist for this child. Pure.</summary>
public static class ChecklistTemplate
{
    public static IReadOnlyList<ChecklistItemDefinition> ItemsFor(IReadOnlyCollection<Concern> concerns, int daysInCare, LeavingCareStatus status)
    {
        var items = new List<ChecklistItemDefinition>
        {
            // RH-1: what the 2015 regulations require before ceasing to look after a child.
            new("rh1-accommodation-assessed", "RH-1", "Suitability of the proposed accommodation and maintenance assessed"),
            new("rh1-support-assessed", "RH-1", "Services and support the child and parents need assessed"),
            new("rh1-wishes-considered", "RH-1", "The child's wishes and feelings given due consideration"),
            new("rh1-welfare-judgement", "RH-1", "Judged that ceasing to look after the child safeguards and promotes their welfare"),
            // RH-4
            new("rh4-hos-agreement", "RH-4", "Head of Service agreement recorded as a management-oversight case note"),
            new("rh4-chronology", "RH-4", "Up-to-date chronology"),
            new("rh4-updated-assessment", "RH-4", "Updated assessment analysing the chronology, the child's journey, reasons for care, evidence of change and capacity to sustain it, fathers and partners, partner agencies and family stresses"),
            // RH-5 (Signs of Safety and Wellbeing planning)
            new("rh5-child-participated", "RH-5", "Child participated and their wishes are taken into account"),
            new("rh5-plan-agreed", "RH-5", "Plan agreed and owned by child, family and agencies"),
            new("rh5-plan-clear", "RH-5", "Plan clear to everyone involved"),
            new("rh5-contingency-plan", "RH-5", "Robust contingency plan"),
            new("rh5-support-network", "RH-5", "Parental support network involved while the professional network withdraws"),
            new("rh5-transition-plan", "RH-5", "Transition plan from care to home"),
            new("rh5-phased-withdrawal", "RH-5", "Phased withdrawal: the case is not closed immediately"),
            // RH-6
            new("rh6-direct-work", "RH-6", "Direct work with the child continues after the return"),
        };

        // RH-6: a safety plan only where the concern is parental mental health, domestic abuse or substance misuse.
        if (concerns.Count > 0)
        {
            items.Add(new("rh6-safety-plan", "RH-6", "Safety plan with the child: the concern, warning signs and what to do"));
        }

        if (concerns.Contains(Concern.ParentalMentalHealth))
        {
            items.Add(new("rh6-worries-work", "RH-6", "Work with the child on worries about their own potential for mental ill-health"));
        }

        // RH-7: only for a child in care for over a year.
        if (daysInCare > 365)
        {
            items.Add(new("rh7-life-story", "RH-7", "Life story work completed"));
            items.Add(new("rh7-later-life-letter", "RH-7", "Later life letter from the social worker"));
        }

        // RH-8
        items.Add(new("rh8-gp-informed", "RH-8", "GP informed of the return and the plan shared"));
        items.Add(new("rh8-housing-informed", "RH-8", "Housing informed of the return and the plan shared"));
        if (concerns.Contains(Concern.ParentalMentalHealth))
        {
            items.Add(new("rh8-adult-mental-health-informed", "RH-8", "Adult Mental Health informed of the return and the plan shared"));
        }

        // RH-9: leaving-care rights only where the child has a leaving-care status.
        items.Add(new("rh9-documents-on-record", "RH-9", "Significant documents, court documents included, on the child's record"));
        if (status is LeavingCareStatus.Eligible or LeavingCareStatus.Relevant or LeavingCareStatus.FormerRelevant)
        {
            items.Add(new("rh9-leaving-care-rights", "RH-9", $"Child and parents told of the child's rights as a {status} child"));
        }

        items.Add(new("rh9-records-access", "RH-9", "Child and parents told of the right to access records"));
        items.Add(new("rh9-health-passport-savings", "RH-9", "Child given their health passport and savings"));
        return items;
    }
}
