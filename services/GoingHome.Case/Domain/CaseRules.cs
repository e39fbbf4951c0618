using GoingHome.Case.Data;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Time;

namespace GoingHome.Case.Domain;

/// <summary>What makes a child's record valid. Pure: "today" is passed in, so tests choose it.</summary>
public static class CaseRules
{
    public const int MaxNameLength = 100;
    public const int MaxTextLength = 2000;
    public const int MaxNoteLength = 20000;

    /// <summary>Care leavers are supported to 25, so no one on the record is older than that.</summary>
    public const int OldestAgeOnRecord = 25;

    private static readonly Relationship[] HouseholdRelationships =
        [Relationship.Parent, Relationship.ParentPartner, Relationship.Carer, Relationship.WiderFamily, Relationship.Sibling];

    /// <summary>Every identity field of a child as a caller sends it (prefix "child."); the NHS number as it is stored.</summary>
    public static string? ValidateChild(Violations v, string prefix, Child input, DateOnly today)
    {
        ValidateIdentity(v, prefix, input.GivenName, input.FamilyName, input.DateOfBirth.ToDateOnly(), today);
        v.OptionalEnum(input.Gender, $"{prefix}gender");
        v.RequireText(input.Ethnicity, $"{prefix}ethnicity", 100, required: false);
        v.RequireText(input.LocalId, $"{prefix}local_id", 100, required: false);
        return ValidateNhsNumber(v, $"{prefix}nhs_number", input.NhsNumber);
    }

    /// <summary>A corrected date of birth may not fall after a care episode the child has already had.</summary>
    public static void ValidateBirthBeforeEpisodes(Violations v, string field, ChildEntity child, DateOnly? dateOfBirth) =>
        v.Require(dateOfBirth is null || child.Episodes.All(e => e.StartDate >= dateOfBirth), field, "must not be after a care episode started");

    public static void ValidateIdentity(Violations v, string prefix, string givenName, string familyName, DateOnly? dateOfBirth, DateOnly today)
    {
        ValidateName(v, $"{prefix}given_name", givenName);
        ValidateName(v, $"{prefix}family_name", familyName);
        if (dateOfBirth is not { } dob)
        {
            v.Add($"{prefix}date_of_birth", "is required and must be a real calendar date");
            return;
        }

        v.Require(dob <= today, $"{prefix}date_of_birth", "must not be in the future");
        v.Require(dob > today.AddYears(-OldestAgeOnRecord - 1), $"{prefix}date_of_birth", $"must be within the last {OldestAgeOnRecord} years");
    }

    public static void ValidateName(Violations v, string field, string value)
    {
        v.RequireText(value, field, MaxNameLength);
        v.Require(!value.Any(char.IsControl), field, "must not contain control characters");
    }

    /// <summary>Returns the normalised NHS number, or null when none was given or it is invalid (a violation is added).</summary>
    public static string? ValidateNhsNumber(Violations v, string field, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var normalised = NhsNumber.Normalise(value);
        v.Require(normalised is not null, field, "must be ten digits with a valid check digit");
        return normalised;
    }

    public static void ValidateEpisodeStart(Violations v, ChildEntity child, DateOnly? startDate, DateOnly today)
    {
        if (startDate is not { } start)
        {
            v.Add("start_date", "is required and must be a real calendar date");
            return;
        }

        v.Require(start <= today, "start_date", "must not be in the future");
        v.Require(start >= child.DateOfBirth, "start_date", "must not be before the child's date of birth");
        if (child.Episodes.Any(e => e.EndDate is { } end && end > start))
        {
            v.Add("start_date", "must not be before the end of an earlier care episode");
        }
    }

    /// <summary>
    /// The SSDA903 legal status a caller means: the code in <paramref name="ls"/>, else the one its v1 category stands
    /// for; when both are given they must agree. Null (with a violation) when neither names one.
    /// </summary>
    public static string? LegalStatusCode(Violations v, string prefix, LegalStatus category, string ls)
    {
        if (string.IsNullOrEmpty(ls))
        {
            v.RequireEnum(category, $"{prefix}legal_status");
            var code = Ssda903Codes.DefaultCode(category);
            return code.Length > 0 ? code : null;
        }

        if (!Ssda903Codes.LegalStatuses.TryGetValue(ls, out var known))
        {
            v.Add($"{prefix}ls", "is not an SSDA903 legal status code (C1, C2, D1, E1, J1-J3, L1-L3, V2-V4)");
            return null;
        }

        v.Require(category == LegalStatus.Unspecified || category == known.Category, $"{prefix}legal_status", $"is {category}, but ls {ls} means {known.Category}");
        return ls;
    }

    public static void ValidateCategoryOfNeed(Violations v, string field, string cin) =>
        v.Require(string.IsNullOrEmpty(cin) || Ssda903Codes.CategoriesOfNeed.ContainsKey(cin), field, "is not an SSDA903 category of need (N1-N8)");

    /// <summary>
    /// The SSDA903 reason the period ends: the code in <paramref name="rec"/>, else the one the v1 end reason stands for
    /// (special guardianship by the current placement); when both are given they must agree.
    /// </summary>
    public static string? EndingCode(Violations v, EpisodeEndReason reason, string rec, string? currentPlacement)
    {
        if (string.IsNullOrEmpty(rec))
        {
            v.RequireEnum(reason, "end_reason");
            var code = Ssda903Codes.DefaultCode(reason, currentPlacement);
            return code.Length > 0 ? code : null;
        }

        if (!Ssda903Codes.ReasonsEpisodeCeased.TryGetValue(rec, out var known))
        {
            v.Add("rec", "is not an SSDA903 reason episode ceased (E11-E17, E2, E3, E41, E45-E48, E4A, E4B, E5-E9)");
            return null;
        }

        v.Require(reason == EpisodeEndReason.Unspecified || reason == known.Category, "end_reason", $"is {reason}, but rec {rec} means {known.Category}");
        return rec;
    }

    public static void RequireNoOpenEpisode(ChildEntity child)
    {
        if (child.OpenEpisode is { } open)
        {
            throw new RuleViolationException(new RuleViolation(
                "CASE-EPISODE-OPEN", $"careEpisodes/{open.Id}", $"The child already has a care episode open since {open.StartDate:yyyy-MM-dd}; end it first."));
        }
    }

    /// <summary>The day an episode ceases (its end, or the day a new legal status begins), named <paramref name="field"/>.</summary>
    public static void ValidateEpisodeEnd(Violations v, CareEpisodeEntity episode, DateOnly? endDate, string field, DateOnly today)
    {
        if (endDate is not { } end)
        {
            v.Add(field, "is required and must be a real calendar date");
            return;
        }

        v.Require(end >= episode.StartDate, field, $"must not be before the episode started ({episode.StartDate:yyyy-MM-dd})");
        v.Require(end <= today, field, "must not be in the future");
        var lastPlacementStart = episode.Placements.Select(p => (DateOnly?)p.StartDate).Max();
        v.Require(lastPlacementStart is null || end < episode.StartDate || end >= lastPlacementStart, field, "must not be before the current placement started");
    }

    public static void RequireOpen(CareEpisodeEntity episode)
    {
        if (episode.EndDate is { } ended)
        {
            throw new RuleViolationException(new RuleViolation(
                "CASE-EPISODE-ENDED", $"careEpisodes/{episode.Id}", $"The care episode ended on {ended:yyyy-MM-dd}."));
        }
    }

    /// <summary>
    /// When a placement began: its start_time if given (whose London date must be start_date, when that is given too),
    /// else its start_date, else <paramref name="fallback"/>.
    /// </summary>
    public static (DateOnly? Date, DateTimeOffset? At) PlacementStart(Violations v, string prefix, Placement placement, DateOnly? fallback)
    {
        var date = placement.StartDate.ToDateOnly();
        if (placement.StartTime is not { } time)
        {
            return (date ?? fallback, null);
        }

        var at = time.ToDateTimeOffset();
        var londonDate = WorkingDayCalendar.LondonDate(at);
        v.Require(date is null || date == londonDate, $"{prefix}start_time", "must fall on start_date in Europe/London time");
        return (londonDate, at);
    }

    public static void ValidatePlacement(Violations v, string prefix, CareEpisodeEntity episode, Placement input, DateOnly? startDate, DateOnly today)
    {
        if (string.IsNullOrEmpty(input.Pl))
        {
            v.RequireEnum(input.CarerType, $"{prefix}carer_type");
        }
        else if (!Ssda903Codes.PlacementTypes.TryGetValue(input.Pl, out var known))
        {
            v.Add($"{prefix}pl", "is not an SSDA903 placement type (A3-A6, H5, K1, K2, P1-P3, R1-R3, R5, S1, T0-T4, U1-U6, Z1)");
        }
        else
        {
            v.Require(input.CarerType == CarerType.Unspecified || input.CarerType == known.Category, $"{prefix}carer_type", $"is {input.CarerType}, but pl {input.Pl} means {known.Category}");
        }

        v.RequireText(input.CarerName, $"{prefix}carer_name", MaxNameLength * 2, required: false);
        v.RequireText(input.PlPost, $"{prefix}pl_post", 8, required: false);
        v.RequireText(input.HomePost, $"{prefix}home_post", 8, required: false);
        v.RequireText(input.Urn, $"{prefix}urn", 8, required: false);
        v.Require(string.IsNullOrEmpty(input.PlaceProvider) || Ssda903Codes.PlacementProviders.ContainsKey(input.PlaceProvider), $"{prefix}place_provider", "is not an SSDA903 placement provider (PR0-PR5)");
        v.Require(string.IsNullOrEmpty(input.ReasonPlaceChange) || Ssda903Codes.ReasonsForPlacementChange.ContainsKey(input.ReasonPlaceChange), $"{prefix}reason_place_change", "is not an SSDA903 reason for placement change");
        v.Require(string.IsNullOrEmpty(input.Rne) || Ssda903Codes.ReasonsForNewEpisode.ContainsKey(input.Rne), $"{prefix}rne", "is not an SSDA903 reason for new episode");
        if (startDate is not { } start)
        {
            v.Add($"{prefix}start_date", "is required and must be a real calendar date");
            return;
        }

        v.Require(start >= episode.StartDate, $"{prefix}start_date", "must not be before the care episode started");
        v.Require(start <= today, $"{prefix}start_date", "must not be in the future");
        var current = episode.Placements.Where(p => p.EndDate is null).Select(p => (DateOnly?)p.StartDate).Max();
        v.Require(current is null || start >= current, $"{prefix}start_date", "must not be before the current placement started");
    }

    public static void ValidateNetworkMember(Violations v, Relationship relationship, string name, string organisation, string email, string phone, bool householdMember, string personId)
    {
        v.RequireEnum(relationship, "member.relationship");
        ValidateName(v, "member.name", name);
        v.RequireText(organisation, "member.organisation", MaxNameLength * 2, required: false);
        v.RequireText(email, "member.email", 254, required: false);
        v.Require(string.IsNullOrEmpty(email) || (email.Contains('@', StringComparison.Ordinal) && !email.Contains(' ', StringComparison.Ordinal)), "member.email", "must be an email address");
        v.RequireText(phone, "member.phone", 30, required: false);
        v.RequireText(personId, "member.person_id", 200, required: false);
        // NS-1 spirit: DBS checks cover the adults of the household the child would return to, never agencies.
        v.Require(!householdMember || HouseholdRelationships.Contains(relationship), "member.household_member",
            "only parents, their partners, carers, wider family and siblings can be household members");
    }

    public static void ValidateAllocation(Violations v, WorkerRole role, string workerId, string workerName, string teamId)
    {
        v.RequireEnum(role, "allocation.role");
        v.RequireText(workerId, "allocation.worker_id", 200);
        v.RequireText(workerName, "allocation.worker_name", MaxNameLength * 2, required: false);
        v.RequireText(teamId, "allocation.team_id", 100);
    }

    public static void ValidateCaseNote(Violations v, CaseNoteType type, string subject, string body)
    {
        v.RequireEnum(type, "note.type");
        v.RequireText(subject, "note.subject", MaxNameLength * 2, required: false);
        v.RequireText(body, "note.body", MaxNoteLength);
    }

    public static void ValidateDocument(Violations v, DocumentKind kind, string title, string uri, string contentType, bool hasValidDate, DateOnly? date, DateOnly today)
    {
        v.RequireEnum(kind, "document.kind");
        v.RequireText(title, "document.title", 300);
        v.RequireText(uri, "document.uri", MaxTextLength, required: false);
        v.Require(string.IsNullOrEmpty(uri) || Uri.TryCreate(uri, UriKind.Absolute, out _), "document.uri", "must be an absolute URI");
        v.RequireText(contentType, "document.content_type", 100, required: false);
        v.Require(hasValidDate, "document.document_date", "must be a real calendar date");
        v.Require(date is null || date <= today, "document.document_date", "must not be in the future");
    }

    public static void ValidateChronologyEntry(Violations v, DateOnly? occurredOn, string category, string summary, DateOnly today)
    {
        v.Require(occurredOn is not null, "entry.occurred_on", "is required and must be a real calendar date");
        v.Require(occurredOn is null || occurredOn <= today, "entry.occurred_on", "must not be in the future");
        v.RequireText(category, "entry.category", 100);
        v.RequireText(summary, "entry.summary", MaxTextLength);
    }

    /// <summary>Management-oversight notes record a manager's decision (RH-4, AP-5): only managers write them.</summary>
    public static bool MayWriteNoteType(CaseNoteType type, IEnumerable<string> roles) =>
        type != CaseNoteType.ManagementOversight
        || roles.Any(r => GoingHome.ServiceDefaults.Auth.Roles.Managers.Contains(r) || r == GoingHome.ServiceDefaults.Auth.Roles.Service);
}
