using GoingHome.Case.Domain;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;

namespace GoingHome.Case.Grpc;

/// <summary>Records to contract messages.</summary>
public static class CaseMapping
{
    public static string Etag(this ChildEntity child) => Etags.Format(child.Version);

    public static Child ToProto(this ChildEntity child)
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
        };
        message.CareEpisodes.AddRange(child.Episodes.OrderBy(e => e.StartDate).Select(ToProto));
        message.Network.AddRange(child.Network.OrderBy(n => n.AddedAt).Select(ToProto));
        message.Allocations.AddRange(child.Allocations.Where(a => a.EndedAt is null).OrderBy(a => a.Role).Select(ToProto));
        return message;
    }

    public static CareEpisode ToProto(this CareEpisodeEntity episode)
    {
        var message = new CareEpisode
        {
            Id = episode.Id.ToString(),
            LegalStatus = episode.LegalStatus,
            StartDate = episode.StartDate.ToProto(),
            EndDate = episode.EndDate.ToProto(),
            EndReason = episode.EndReason,
            EndNote = episode.EndNote ?? "",
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

    public static string? NullIfEmpty(this string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
