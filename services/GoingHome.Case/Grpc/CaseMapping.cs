using GoingHome.Case.Data;
using GoingHome.Case.Domain;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;

namespace GoingHome.Case.Grpc;

/// <summary>Records to contract messages.</summary>
public static class CaseMapping
{
    public static string Etag(this ChildEntity child) => Etags.Format(child.Version);

    /// <summary>The child with the care history in both shapes and the facts derived from it on <paramref name="today"/>.</summary>
    public static Child ToProto(this ChildEntity child, DateOnly today)
    {
        var message = new Child
        {
            Id = child.Id.ToString(),
            Etag = child.Etag(),
            GivenName = child.GivenName,
            FamilyName = child.FamilyName,
            DateOfBirth = child.DateOfBirth.ToProto(),
            Gender = child.Gender,
            Ethnicity = child.Ethnicity ?? "",
            LocalId = child.LocalId ?? "",
            NhsNumber = child.NhsNumber ?? "",
            CreateTime = child.CreatedAt.ToProto(),
            UpdateTime = child.UpdatedAt.ToProto(),
            SourceSystem = child.SourceSystem ?? "",
            SourceId = child.SourceId ?? "",
            CurrentLegalStatus = child.OpenEpisode?.LegalStatus ?? LegalStatus.Unspecified,
            Ssda903 = child.Ssda903History(CareHistory.Rows(child)),
            CareFacts = CareHistory.Facts(child, today).ToProto(),
        };
        var periods = CareHistory.Periods(child);
        message.CareEpisodes.AddRange(child.Episodes.OrderBy(e => e.StartDate).ThenBy(e => e.EndDate ?? DateOnly.MaxValue)
            .Select(e => e.ToProto(periods.First(p => p.Episodes.Contains(e)).Start)));
        message.Network.AddRange(child.Network.OrderBy(n => n.AddedAt).Select(ToProto));
        message.Allocations.AddRange(child.Allocations.Where(a => a.EndedAt is null).OrderBy(a => a.Role).Select(ToProto));
        return message;
    }

    public static CareEpisode ToProto(this CareEpisodeEntity episode, ChildEntity child) =>
        episode.ToProto(CareHistory.PeriodOf(child, episode)!.Start);

    public static CareEpisode ToProto(this CareEpisodeEntity episode, DateOnly periodStart)
    {
        var message = new CareEpisode
        {
            Id = episode.Id.ToString(),
            LegalStatus = episode.LegalStatus,
            StartDate = episode.StartDate.ToProto(),
            EndDate = episode.EndDate.ToProto(),
            EndReason = episode.EndReason,
            EndNote = episode.EndNote ?? "",
            Ls = episode.Ls,
            Cin = episode.Cin ?? "",
            Rec = episode.Rec ?? "",
            PeriodStartDate = periodStart.ToProto(),
        };
        message.Placements.AddRange(episode.Placements.OrderBy(p => p.StartDate).Select(ToProto));
        return message;
    }

    public static Placement ToProto(this PlacementEntity placement) => new()
    {
        Id = placement.Id.ToString(),
        CarerType = placement.CarerType,
        CarerName = placement.CarerName ?? "",
        StartDate = placement.StartDate.ToProto(),
        EndDate = placement.EndDate.ToProto(),
        StartTime = placement.StartAt.ToProto(),
        Pl = placement.Pl ?? "",
        PlPost = placement.PlPost ?? "",
        HomePost = placement.HomePost ?? "",
        Urn = placement.Urn ?? "",
        PlaceProvider = placement.PlaceProvider ?? "",
        ReasonPlaceChange = placement.ReasonPlaceChange ?? "",
        Rne = placement.Rne,
    };

    /// <summary>The child's header and the given episode rows in the return's terms.</summary>
    public static Ssda903History Ssda903History(this ChildEntity child, IEnumerable<Ssda903Row> rows)
    {
        var history = new Ssda903History
        {
            Header = new Ssda903Header
            {
                Upn = child.Upn ?? "",
                Sex = child.Sex ?? "",
                Dob = child.DateOfBirth.ToProto(),
                Ethnic = child.Ethnicity is { } e && Ssda903Codes.Ethnicities.Contains(e) ? e : Ssda903Codes.EthnicityNotObtained,
                Uasc = child.Uasc ?? "",
                Mother = child.Mother ?? "",
                McDob = child.MotherChildDob.ToProto(),
            },
        };
        history.Episodes.AddRange(rows.Select(ToProto));
        return history;
    }

    public static Ssda903Episode ToProto(this Ssda903Row row) => new()
    {
        Decom = row.Decom.ToProto(),
        Rne = row.Rne,
        Ls = row.Ls,
        Cin = row.Cin ?? "",
        Pl = row.Pl ?? "",
        PlPost = row.PlPost ?? "",
        HomePost = row.HomePost ?? "",
        Urn = row.Urn ?? "",
        PlaceProvider = row.PlaceProvider ?? "",
        Dec = row.Dec.ToProto(),
        Rec = row.Rec ?? "",
        ReasonPlaceChange = row.ReasonPlaceChange ?? "",
    };

    public static CareFacts ToProto(this CareFactsOf facts) => new()
    {
        LookedAfter = facts.LookedAfter,
        PeriodStartDate = facts.PeriodStart.ToProto(),
        PeriodEndDate = facts.PeriodEnd.ToProto(),
        DaysLookedAfter = facts.DaysLookedAfter,
        LegalStatusCode = facts.LegalStatusCode,
        Section20 = facts.Category == LegalStatus.Section20,
        ShortBreaks = facts.Category == LegalStatus.ShortBreaks,
        YouthJustice = facts.Category == LegalStatus.YouthJustice,
        PlacementCode = facts.PlacementCode,
        LivingAtHome = facts.LivingAtHome,
        PeriodEndCode = facts.PeriodEndCode,
        UnapprovedReturnHome = facts.MissingApprovalRuleIds.Count > 0,
        MissingApprovalRuleIds = { facts.MissingApprovalRuleIds },
        PeriodsOfCare = facts.PeriodsOfCare,
        LivesNow = facts.LivesNow,
        PlacementMeaning = facts.PlacementMeaning,
        LegalStatusMeaning = facts.LegalStatusMeaning,
    };

    public static NetworkMember ToProto(this NetworkMemberEntity member) => new()
    {
        Id = member.Id.ToString(),
        Relationship = member.Relationship,
        Name = member.Name,
        Organisation = member.Organisation ?? "",
        Email = member.Email ?? "",
        Phone = member.Phone ?? "",
        HouseholdMember = member.HouseholdMember,
        PersonId = member.PersonId ?? "",
    };

    public static Allocation ToProto(this AllocationEntity allocation) => new()
    {
        Role = allocation.Role,
        WorkerId = allocation.WorkerId,
        WorkerName = allocation.WorkerName ?? "",
        TeamId = allocation.TeamId,
        StartTime = allocation.StartedAt.ToProto(),
    };

    public static CaseNote ToProto(this CaseNoteEntity note) => new()
    {
        Id = note.Id.ToString(),
        Type = note.Type,
        Subject = note.Subject ?? "",
        Body = note.Body,
        AuthorId = note.AuthorId,
        AuthorName = note.AuthorName ?? "",
        AuthorRole = note.AuthorRole,
        CreateTime = note.CreatedAt.ToProto(),
    };

    public static Document ToProto(this DocumentEntity document) => new()
    {
        Id = document.Id.ToString(),
        Kind = document.Kind,
        Title = document.Title,
        Uri = document.Uri ?? "",
        ContentType = document.ContentType ?? "",
        DocumentDate = document.DocumentDate.ToProto(),
        AuthorId = document.AuthorId,
        CreateTime = document.CreatedAt.ToProto(),
    };

    public static ChronologyEntry ToProto(this ChronologyEntity entry) => new()
    {
        Id = entry.Id.ToString(),
        OccurredOn = entry.OccurredOn.ToProto(),
        Category = entry.Category,
        Summary = entry.Summary,
        SystemGenerated = entry.SystemGenerated,
        AuthorId = entry.AuthorId,
    };

    public static string? NullIfEmpty(this string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
