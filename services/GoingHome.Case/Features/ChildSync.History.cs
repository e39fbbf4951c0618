using System.Text.RegularExpressions;
using GoingHome.Case.Data;
using GoingHome.Case.Domain;
using GoingHome.Case.Grpc;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.ServiceDefaults.Grpc;

namespace GoingHome.Case.Features;

/// <summary>
/// The sync's care history in SSDA903 terms (rules CLA-1, CLA-3, CLA-5, CLA-6): the header items, the source's rows
/// (sent as 903 rows, or v1 episodes read as rows) checked as a whole, then matched against the rows GoingHome holds.
/// </summary>
public sealed partial class ChildSync
{
    /// <summary>
    /// The header's dob, sex and ethnic fill the child's identity where it has none and must agree where it has; upn,
    /// uasc, mother and mc_dob are checked here and kept by <see cref="ApplyHeader"/>.
    /// </summary>
    private static void MergeHeader(Violations v, string at, Ssda903Header header, Child input)
    {
        if (header.Dob is not null)
        {
            v.Require(input.DateOfBirth is null || input.DateOfBirth.Equals(header.Dob), at + "dob", "differs from child.date_of_birth");
            input.DateOfBirth ??= header.Dob;
        }

        var gender = header.Sex switch { "1" => Gender.Male, "2" => Gender.Female, _ => Gender.Unspecified };
        v.Require(header.Sex.Length == 0 || gender != Gender.Unspecified, at + "sex", "is 1 (male) or 2 (female)");
        v.Require(gender == Gender.Unspecified || input.Gender == Gender.Unspecified || input.Gender == gender, at + "sex", "differs from child.gender");
        if (input.Gender == Gender.Unspecified)
        {
            input.Gender = gender;
        }

        v.Require(header.Ethnic.Length == 0 || Ssda903Codes.Ethnicities.Contains(header.Ethnic), at + "ethnic", "is not an SSDA903 ethnicity code (WBRI...NOBT)");
        v.Require(header.Ethnic.Length == 0 || input.Ethnicity.Length == 0 || input.Ethnicity == header.Ethnic, at + "ethnic", "differs from child.ethnicity");
        if (input.Ethnicity.Length == 0)
        {
            input.Ethnicity = header.Ethnic;
        }

        v.RequireText(header.Upn, at + "upn", 13, required: false);
        v.Require(header.Uasc is "" or "0" or "1", at + "uasc", "is 0 or 1");
        v.Require(header.Mother is "" or "0" or "1", at + "mother", "is 0 or 1");
        v.Require(header.Mother != "1" || gender != Gender.Male, at + "mother", "is 1 only for a girl");
        v.Require(header.McDob is null || header.McDob.ToDateOnly() is not null, at + "mc_dob", "must be a real calendar date");
    }

    /// <summary>The header items beyond identity; a change to a child already kept raises one ChildUpdated naming them.</summary>
    private void ApplyHeader(ChildEntity child, Ssda903Header? header, bool created, string requestId)
    {
        if (header is null)
        {
            return;
        }

        var changed = new List<string>();
        void Set(string field, string? current, string? wanted, Action<string?> set)
        {
            if (current != wanted)
            {
                set(wanted);
                changed.Add(field);
            }
        }

        Set("ssda903.header.upn", child.Upn, header.Upn.NullIfEmpty(), x => child.Upn = x);
        Set("ssda903.header.sex", child.Sex, header.Sex.NullIfEmpty() ?? child.Sex, x => child.Sex = x);
        Set("ssda903.header.uasc", child.Uasc, header.Uasc.NullIfEmpty(), x => child.Uasc = x);
        Set("ssda903.header.mother", child.Mother, header.Mother.NullIfEmpty(), x => child.Mother = x);
        Set("ssda903.header.mc_dob", child.MotherChildDob?.ToString("O"), header.McDob.ToDateOnly()?.ToString("O"), x => child.MotherChildDob = x is null ? null : DateOnly.Parse(x, System.Globalization.CultureInfo.InvariantCulture));
        if (changed.Count > 0 && !created)
        {
            changes.Updated(child, changed, requestId);
        }
    }

    /// <summary>A row the source sent, with where it came from in the request and what only the v1 shape carries.</summary>
    private sealed record SourceRow(Ssda903Row Row, string Field, string CarerName, DateTimeOffset? StartAt);

    /// <summary>
    /// The source's history as 903 rows: the ssda903 rows as sent, or the v1 care_episodes read in 903 terms (each
    /// placement a row, codes from the categories where none is given, X1 between episodes that end LEGAL_STATUS_CHANGED).
    /// Checked as a whole (CLA-6) before anything is applied.
    /// </summary>
    private List<SourceRow> SourceRows(SourceChild source, Child input, string prefix)
    {
        var v = new Violations();
        var rows = new List<SourceRow>();
        if (source.Ssda903 is { } history)
        {
            for (var j = 0; j < history.Episodes.Count; j++)
            {
                var e = history.Episodes[j];
                var at = $"{prefix}ssda903.episodes[{j}].";
                v.Require(e.Decom.ToDateOnly() is not null, at + "decom", "is required and must be a real calendar date");
                v.Require(e.Dec is null || e.Dec.ToDateOnly() is not null, at + "dec", "must be a real calendar date");
                rows.Add(new SourceRow(new Ssda903Row(e.Decom.ToDateOnly() ?? default, e.Rne, e.Ls, e.Cin.NullIfEmpty(), e.Pl.NullIfEmpty(), e.PlPost.NullIfEmpty(),
                    e.HomePost.NullIfEmpty(), e.Urn.NullIfEmpty(), e.PlaceProvider.NullIfEmpty(), e.Dec.ToDateOnly(), e.Rec.NullIfEmpty(), e.ReasonPlaceChange.NullIfEmpty()), at, "", null));
            }

            v.ThrowIfAny();
            rows = [.. rows.OrderBy(r => r.Row.Decom)];
            CareHistory.ValidateRows(v, $"{prefix}ssda903.", [.. rows.Select(r => r.Row)], input.DateOfBirth.ToDateOnly()!.Value, files.Today, placementRequired: true);
            v.ThrowIfAny();
            return rows;
        }

        var continues = false;
        foreach (var (episode, j) in source.CareEpisodes.Select((e, j) => (e, j)).OrderBy(x => x.e.StartDate.ToDateOnly()))
        {
            var at = $"{prefix}care_episodes[{j}].";
            var start = episode.StartDate.ToDateOnly();
            v.Require(start is not null, at + "start_date", "is required and must be a real calendar date");
            var ls = CaseRules.LegalStatusCode(v, at, episode.LegalStatus, episode.Ls);
            var placements = episode.Placements.Select((p, k) => (Placement: p, Field: $"{at}placements[{k}].", Start: CaseRules.PlacementStart(v, $"{at}placements[{k}].", p, null)))
                .OrderBy(p => p.Start.Date).ThenBy(p => p.Start.At).ToList();
            var endDate = episode.EndDate.ToDateOnly();
            var lastPl = placements.Count > 0 ? PlacementCode(placements[^1].Placement) : null;
            string? rec = null;
            if (endDate is not null)
            {
                Renamed(v, inner => rec = CaseRules.EndingCode(inner, episode.EndReason, episode.Rec, lastPl), "", at);
            }

            if (start is null || ls is null)
            {
                continue;
            }

            if (placements.Count == 0)
            {
                rows.Add(new SourceRow(new Ssda903Row(start.Value, continues ? "L" : "S", ls, episode.Cin.NullIfEmpty(), null, null, null, null, null, endDate, rec, null), at, "", null));
            }

            for (var k = 0; k < placements.Count; k++)
            {
                var (p, field, placed) = placements[k];
                v.Require(placed.Date is not null, field + "start_date", "is required and must be a real calendar date");
                var rne = k > 0 ? p.Rne.NullIfEmpty() ?? "P" : continues ? "B" : "S";
                var last = k == placements.Count - 1;
                rows.Add(new SourceRow(new Ssda903Row(
                    k == 0 ? start.Value : placed.Date ?? start.Value, rne, ls, episode.Cin.NullIfEmpty(), PlacementCode(p), p.PlPost.NullIfEmpty(), p.HomePost.NullIfEmpty(),
                    p.Urn.NullIfEmpty(), p.PlaceProvider.NullIfEmpty(), last ? endDate : placements[k + 1].Start.Date, last ? rec : Ssda903Codes.LegalStatusChange,
                    p.ReasonPlaceChange.NullIfEmpty()), field, p.CarerName, placed.At));
            }

            continues = rec == Ssda903Codes.LegalStatusChange;
        }

        v.ThrowIfAny();
        // Checked as 903 rows, each fault named where the v1 shape holds it (the episode's or placement's own field).
        var rowFaults = new Violations();
        CareHistory.ValidateRows(rowFaults, "", [.. rows.Select(r => r.Row)], input.DateOfBirth.ToDateOnly()!.Value, files.Today, placementRequired: false);
        try
        {
            rowFaults.ThrowIfAny();
        }
        catch (ValidationFailedException invalid)
        {
            foreach (var fault in invalid.Violations)
            {
                var at = RowItem().Match(fault.Field);
                var item = at.Groups["item"].Value;
                v.Add(rows[int.Parse(at.Groups["row"].Value, System.Globalization.CultureInfo.InvariantCulture)].Field + V1Names.GetValueOrDefault(item, item), fault.Description);
            }
        }

        v.ThrowIfAny();
        return rows;
    }

    /// <summary>Where the v1 shape keeps each 903 item.</summary>
    private static readonly Dictionary<string, string> V1Names = new(StringComparer.Ordinal)
    {
        ["decom"] = "start_date", ["dec"] = "end_date", ["rec"] = "end_reason", ["ls"] = "legal_status", ["pl"] = "carer_type", ["rne"] = "start_date",
    };

    [GeneratedRegex(@"^episodes\[(?<row>\d+)\]\.(?<item>.+)$")]
    private static partial Regex RowItem();

    private static string? PlacementCode(Placement p) => p.Pl.NullIfEmpty() ?? Ssda903Codes.DefaultCode(p.CarerType).NullIfEmpty();

    /// <summary>
    /// Rule CLA-1 / CLA-5 / CLA-6: the source's rows against the rows GoingHome holds, matched in order by decom. A held
    /// row must be the same episode (decom, ls, pl, rne); items that change no fact are corrected; an open row the source
    /// ended is ended; rows after the held ones are added, each life event by the interactive methods' own changes
    /// (a period begun, a legal status changed, a move, an end), raising their events.
    /// </summary>
    private async Task ApplyHistoryAsync(ChildEntity child, List<SourceRow> rows, bool created, string requestId, CancellationToken ct)
    {
        var held = CareHistory.Entries(child);
        for (var j = 0; j < rows.Count; j++)
        {
            var (s, field, carerName, startAt) = rows[j];
            if (j < held.Count)
            {
                var (h, episode, placement) = held[j];
                if (h.Decom != s.Decom || h.Ls != s.Ls || (s.Pl is not null && h.Pl != s.Pl))
                {
                    throw new RuleViolationException(new RuleViolation("CLA-6", field.TrimEnd('.'),
                        $"The episode from {s.Decom:yyyy-MM-dd} ({s.Ls}, {s.Pl}) differs from the one GoingHome holds ({h.Decom:yyyy-MM-dd}, {h.Ls}, {h.Pl}); history already kept is not rewritten by a sync."));
                }

                if (placement is not null && (h.Cin, h.PlPost, h.HomePost, h.Urn, h.PlaceProvider, h.ReasonPlaceChange) != (s.Cin, s.PlPost, s.HomePost, s.Urn, s.PlaceProvider, s.ReasonPlaceChange))
                {
                    changes.CorrectRow(child, placement, s, requestId);
                }

                if (h.Dec is null && s.Dec is { } ended && s.Rec != Ssda903Codes.LegalStatusChange)
                {
                    await EndAsync(child, episode, ended, s.Rec!, created, requestId, ct);
                }
                else if (h.Dec is not null && s.Dec is not null && (h.Dec != s.Dec || h.Rec != s.Rec))
                {
                    throw new RuleViolationException(new RuleViolation("CLA-6", field.TrimEnd('.'),
                        $"The episode ceased {h.Dec:yyyy-MM-dd} ({h.Rec}) in GoingHome, not {s.Dec:yyyy-MM-dd} ({s.Rec}); history already kept is not rewritten by a sync."));
                }

                continue;
            }

            var placementInput = new Placement { Pl = s.Pl ?? "", CarerName = carerName, PlPost = s.PlPost ?? "", HomePost = s.HomePost ?? "", Urn = s.Urn ?? "", PlaceProvider = s.PlaceProvider ?? "", ReasonPlaceChange = s.ReasonPlaceChange ?? "" };
            var placed = s.Pl is null ? null : placementInput;
            CareEpisodeEntity current;
            if (s.Rne == Ssda903Codes.NewPeriod)
            {
                CaseRules.RequireNoOpenEpisode(child);
                var v = new Violations();
                v.Require(child.Episodes.All(e => e.EndDate is { } end && end <= s.Decom), field + "decom", "must not be before the end of a period GoingHome holds (CLA-6)");
                v.ThrowIfAny();
                current = changes.OpenEpisode(child, s.Ls, s.Cin, s.Decom, placed, s.Decom, startAt, s.Rne, requestId);
            }
            else
            {
                var open = child.OpenEpisode ?? throw new RuleViolationException(new RuleViolation("CLA-6", field.TrimEnd('.'),
                    $"RNE {s.Rne} continues a period of care, but the child has no open episode on {s.Decom:yyyy-MM-dd}."));
                current = s.Ls != open.Ls
                    ? changes.ChangeLegalStatus(child, open, s.Ls, s.Cin, s.Decom, placed, s.Decom, startAt, s.Rne, requestId)
                    : open;
                if (s.Ls == open.Ls)
                {
                    changes.Place(child, open, placementInput, s.Decom, startAt, s.Rne, requestId);
                }
            }

            // The row's own category of need, which may differ from the episode's first.
            if (CareHistory.CurrentPlacement(current) is { } row)
            {
                row.Cin = s.Cin;
            }

            if (s.Dec is { } dec && s.Rec != Ssda903Codes.LegalStatusChange)
            {
                await EndAsync(child, current, dec, s.Rec!, created, requestId, ct);
            }
        }
    }

    /// <summary>
    /// The source ended the period: recorded if the code fits the facts (CLA-3, the court order held by the source). A
    /// return home GoingHome's approvals did not cover is recorded with the rules it lacked, which raises it (CLA-5):
    /// for a child GoingHome already kept, or a return in the last <see cref="RecentReturnDays"/> days.
    /// </summary>
    private async Task EndAsync(ChildEntity child, CareEpisodeEntity episode, DateOnly endDate, string rec, bool created, string requestId, CancellationToken ct)
    {
        var broken = CareHistory.EndingRules(child, episode, rec, endDate, courtOrderOnFile: null);
        if (broken.Count > 0)
        {
            throw new RuleViolationException(broken);
        }

        var returnedHome = CareHistory.IsReturnHome(rec, CareHistory.CurrentPlacement(episode)?.Pl, GoingHome.Time.Ages.On(child.DateOfBirth, endDate));
        var period = CareHistory.PeriodOf(child, episode)!;
        IReadOnlyList<string>? missing = null;
        var raise = returnedHome && CareHistory.ReturnHomeApprovalsApply(episode.LegalStatus)
            && (!created || endDate.AddDays(RecentReturnDays) >= files.Today);
        if (raise && (created || !await returnHomeGate.CoveredAsync(child.Id.ToString(), episode, period.Start, ct)))
        {
            missing = ReturnHomeApprovals.DefaultRules(episode.LegalStatus, GoingHome.Time.Ages.On(child.DateOfBirth, endDate), endDate.DayNumber - period.Start.DayNumber);
        }

        changes.EndPeriod(child, episode, endDate, rec, null, returnedHome, missing, requestId);
    }
}
