using GoingHome.Case.Data;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Errors;
using GoingHome.Time;

namespace GoingHome.Case.Domain;

/// <summary>One SSDA903 EPISODE row, in the return's own items.</summary>
public sealed record Ssda903Row(
    DateOnly Decom, string Rne, string Ls, string? Cin, string? Pl, string? PlPost, string? HomePost, string? Urn,
    string? PlaceProvider, DateOnly? Dec, string? Rec, string? ReasonPlaceChange);

/// <summary>A period of care: the legal-status episodes from the day the child became looked after to the day they stopped.</summary>
public sealed record CarePeriod(IReadOnlyList<CareEpisodeEntity> Episodes)
{
    public DateOnly Start => Episodes[0].StartDate;

    public CareEpisodeEntity Last => Episodes[^1];

    public DateOnly? End => Last.EndDate;
}

/// <summary>What the care history says, the facts every rule keys on (rules CLA-2, CLA-4).</summary>
public sealed record CareFactsOf(
    bool LookedAfter, DateOnly? PeriodStart, DateOnly? PeriodEnd, int DaysLookedAfter, string LegalStatusCode,
    string PlacementCode, bool LivingAtHome, string PeriodEndCode, IReadOnlyList<string> MissingApprovalRuleIds, int PeriodsOfCare)
{
    public LegalStatus Category => Ssda903Codes.CategoryOfLegalStatus(LegalStatusCode);

    public string PlacementMeaning => Ssda903Codes.PlacementTypes.TryGetValue(PlacementCode, out var code) ? code.Meaning : "";

    public string LegalStatusMeaning => Ssda903Codes.LegalStatuses.TryGetValue(LegalStatusCode, out var code) ? code.Meaning : "";

    /// <summary>Where the child lives now, in words: the first thing a worker opening the record needs to know.</summary>
    public string LivesNow => (LookedAfter, LivingAtHome, PeriodEnd) switch
    {
        (true, true, _) => $"At home: placed with parents ({PlacementCode})",
        (true, false, _) => PlacementMeaning.Length > 0 ? $"{PlacementMeaning} ({PlacementCode})" : "Looked after; no placement recorded",
        (false, true, { } ended) => $"At home since {Words(ended)}",
        (false, false, { } ended) => $"Left care on {Words(ended)}" + (Ssda903Codes.ReasonsEpisodeCeased.TryGetValue(PeriodEndCode, out var why) ? $": {why.Meaning}" : ""),
        _ => "Not looked after",
    };

    // Services run with invariant globalization: its month names are the English ones.
    private static string Words(DateOnly date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The child's time in care as the SSDA903 return models it, derived from the episodes Case keeps. Pure: "today" is
/// passed in.
/// </summary>
public static class CareHistory
{
    /// <summary>Age from which independent living (E5, E6) may end a period.</summary>
    public const int IndependentLivingAge = 16;

    public const int AdultAge = 18;

    /// <summary>Rule CLA-1: episodes joined by X1 make one period; any other ending closes it.</summary>
    public static IReadOnlyList<CarePeriod> Periods(ChildEntity child)
    {
        var periods = new List<CarePeriod>();
        var current = new List<CareEpisodeEntity>();
        foreach (var episode in child.Episodes.OrderBy(e => e.StartDate).ThenBy(e => e.EndDate ?? DateOnly.MaxValue))
        {
            current.Add(episode);
            if (episode.EndDate is not null && episode.Rec != Ssda903Codes.LegalStatusChange)
            {
                periods.Add(new CarePeriod([.. current]));
                current.Clear();
            }
        }

        if (current.Count > 0)
        {
            periods.Add(new CarePeriod(current));
        }

        return periods;
    }

    public static CarePeriod? PeriodOf(ChildEntity child, CareEpisodeEntity episode) =>
        Periods(child).FirstOrDefault(p => p.Episodes.Contains(episode));

    /// <summary>Every episode row, oldest first: one per placement (one without a placement for an episode that has none).</summary>
    public static IReadOnlyList<Ssda903Row> Rows(ChildEntity child) => [.. Entries(child).Select(e => e.Row)];

    /// <summary>Each row with the episode and placement that hold it.</summary>
    public static IReadOnlyList<(Ssda903Row Row, CareEpisodeEntity Episode, PlacementEntity? Placement)> Entries(ChildEntity child)
    {
        var rows = new List<(Ssda903Row, CareEpisodeEntity, PlacementEntity?)>();
        foreach (var episode in child.Episodes.OrderBy(e => e.StartDate).ThenBy(e => e.EndDate ?? DateOnly.MaxValue))
        {
            var placements = Ordered(episode);
            if (placements.Count == 0)
            {
                rows.Add((new Ssda903Row(episode.StartDate, Ssda903Codes.NewPeriod, episode.Ls, episode.Cin, null, null, null, null, null, episode.EndDate, episode.Rec, null), episode, null));
                continue;
            }

            for (var i = 0; i < placements.Count; i++)
            {
                var p = placements[i];
                var last = i == placements.Count - 1;
                rows.Add((new Ssda903Row(
                    i == 0 ? episode.StartDate : p.StartDate, p.Rne, episode.Ls, p.Cin ?? episode.Cin, p.Pl, p.PlPost, p.HomePost, p.Urn, p.PlaceProvider,
                    last ? episode.EndDate : p.EndDate, last ? episode.Rec : Ssda903Codes.LegalStatusChange, p.ReasonPlaceChange), episode, p));
            }
        }

        return rows;
    }

    public static IReadOnlyList<PlacementEntity> Ordered(CareEpisodeEntity episode) =>
        [.. episode.Placements.OrderBy(p => p.StartDate).ThenBy(p => p.EndDate ?? DateOnly.MaxValue)];

    /// <summary>The placement the child is in (or was in when the episode ended).</summary>
    public static PlacementEntity? CurrentPlacement(CareEpisodeEntity episode) => Ordered(episode) is { Count: > 0 } ordered ? ordered[^1] : null;

    /// <summary>Rules CLA-2 and CLA-4: time looked after counts the period of care; living at home is P1 now or a period ended to parents.</summary>
    public static CareFactsOf Facts(ChildEntity child, DateOnly today)
    {
        var periods = Periods(child);
        if (periods.Count == 0)
        {
            return new CareFactsOf(false, null, null, 0, "", "", false, "", [], 0);
        }

        var period = periods[^1];
        var last = period.Last;
        var placement = CurrentPlacement(last)?.Pl ?? "";
        var open = last.EndDate is null;
        var days = (period.End ?? today).DayNumber - period.Start.DayNumber;
        var livingAtHome = open
            ? placement == Ssda903Codes.PlacedWithParents
            : EndsAtHome(last.Rec, placement);
        return new CareFactsOf(open, period.Start, period.End, Math.Max(days, 0), last.Ls, placement, livingAtHome,
            open ? "" : last.Rec ?? "", last.MissingApprovalRuleIds ?? [], periods.Count);
    }

    /// <summary>
    /// Rule CLA-4: the period ended with the child living with a parent or person with parental responsibility: the
    /// return-home codes (E4A, E4B, E13), a child arrangements order (E41: the person the child lives with holds parental
    /// responsibility by it), or an ending while placed with parents (P1) that does not send the child elsewhere.
    /// </summary>
    public static bool EndsAtHome(string? rec, string? placementAtEnd) => rec switch
    {
        "E4A" or "E4B" or "E13" or "E41" => true,
        "E8" or "E14" => placementAtEnd == Ssda903Codes.PlacedWithParents,
        _ => false,
    };

    /// <summary>
    /// Rule CLA-4: an ending that is a return home for the approvals: one that ends at home, and (decision) "any other
    /// reason" (E8) for a child under 18, since every other destination a child can leave care for has its own code:
    /// a catch-all must not be the way round the return-home approvals.
    /// </summary>
    public static bool IsReturnHome(string? rec, string? placementAtEnd, int ageAtEnd) =>
        EndsAtHome(rec, placementAtEnd) || (rec == "E8" && ageAtEnd < AdultAge);

    /// <summary>
    /// Decision (CLA-4): short breaks (V3, V4) are no return home, since the child lives at home between breaks; remand
    /// and youth justice (J1-J3) end where the court says, not on the local authority's return-home decision.
    /// </summary>
    public static bool ReturnHomeApprovalsApply(LegalStatus category) =>
        category is not (LegalStatus.ShortBreaks or LegalStatus.YouthJustice);

    /// <summary>
    /// Rule CLA-3: each ending code only where its meaning holds, on the facts of the record. A court order (E41, E45-E48)
    /// needs the order on the child's file when ended here (<paramref name="courtOrderOnFile"/> null: held by the source).
    /// </summary>
    public static IReadOnlyList<RuleViolation> EndingRules(ChildEntity child, CareEpisodeEntity episode, string rec, DateOnly endDate, bool? courtOrderOnFile)
    {
        var broken = new List<RuleViolation>();
        var subject = $"careEpisodes/{episode.Id}";
        var age = Ages.On(child.DateOfBirth, endDate);
        var placement = CurrentPlacement(episode)?.Pl;
        void Require(bool holds, string why)
        {
            if (!holds)
            {
                broken.Add(new RuleViolation("CLA-3", subject, $"REC {rec} ({Ssda903Codes.ReasonsEpisodeCeased[rec].Meaning}): {why}."));
            }
        }

        switch (rec)
        {
            case "X1":
                broken.Add(new RuleViolation("CLA-1", subject, "A legal status change is a new episode in the same period of care (ChangeLegalStatus), never an end."));
                break;
            case "E17" or "E7":
                Require(age >= AdultAge, $"the child is {age} on {endDate:yyyy-MM-dd}, not {AdultAge}");
                break;
            case "E15":
                Require(child.Uasc == "1", "only for an unaccompanied asylum-seeking child whose age was disputed (header uasc 1)");
                break;
            case "E5" or "E6":
                Require(age >= IndependentLivingAge, $"the child is {age}; independent living is from {IndependentLivingAge}");
                break;
            case "E11" or "E12":
                Require(episode.Ls is "E1" or "D1" || placement is "A3" or "A4",
                    "adoption needs a placement order (LS E1, or a freeing order D1) or a placement for adoption with consent (PL A3, A4)");
                break;
            case "E14":
                Require(episode.Ls is "J1" or "J2", "only a child on remand (LS J1, J2) leaves care when remand ends");
                break;
            case "E45" or "E46":
                Require(placement is "U1" or "U2" or "U3" or "U4" or "U5" or "U6", "made to former foster carers, so the child must be in a foster placement (U1-U6)");
                Require(rec != "E45" || placement is "U1" or "U2" or "U3", "E45 is to foster carers who are relatives or friends (U1-U3)");
                Require(rec != "E46" || placement is "U4" or "U5" or "U6", "E46 is to foster carers other than relatives or friends (U4-U6)");
                break;
        }

        if (rec is "E41" or "E45" or "E46" or "E47" or "E48" && courtOrderOnFile is false)
        {
            Require(false, "the court order must be on the child's file first (a court document dated on or before the end)");
        }

        return broken;
    }

    /// <summary>
    /// Rule CLA-6: a history the source sends is well formed: known codes, nothing before birth or in the future, rows
    /// in order without overlap, only the last one open, X1 followed by the next row the same day, S opening each period.
    /// Field paths are under <paramref name="prefix"/> (episodes[j].item).
    /// </summary>
    public static void ValidateRows(Violations v, string prefix, IReadOnlyList<Ssda903Row> rows, DateOnly dateOfBirth, DateOnly today, bool placementRequired)
    {
        for (var j = 0; j < rows.Count; j++)
        {
            var r = rows[j];
            var at = $"{prefix}episodes[{j}].";
            Known(v, at + "rne", r.Rne, Ssda903Codes.ReasonsForNewEpisode.ContainsKey, required: true);
            Known(v, at + "ls", r.Ls, Ssda903Codes.LegalStatuses.ContainsKey, required: true);
            Known(v, at + "cin", r.Cin, Ssda903Codes.CategoriesOfNeed.ContainsKey, required: false);
            Known(v, at + "pl", r.Pl, Ssda903Codes.PlacementTypes.ContainsKey, required: placementRequired);
            Known(v, at + "place_provider", r.PlaceProvider, Ssda903Codes.PlacementProviders.ContainsKey, required: false);
            Known(v, at + "reason_place_change", r.ReasonPlaceChange, Ssda903Codes.ReasonsForPlacementChange.ContainsKey, required: false);
            Known(v, at + "rec", r.Rec, Ssda903Codes.ReasonsEpisodeCeased.ContainsKey, required: r.Dec is not null);
            v.RequireText(r.PlPost ?? "", at + "pl_post", 8, required: false);
            v.RequireText(r.HomePost ?? "", at + "home_post", 8, required: false);
            v.RequireText(r.Urn ?? "", at + "urn", 8, required: false);
            v.Require(r.Decom >= dateOfBirth, at + "decom", "must not be before the child's date of birth (CLA-6)");
            v.Require(r.Decom <= today, at + "decom", "must not be in the future");
            v.Require(r.Dec is null || r.Dec >= r.Decom, at + "dec", "must not be before decom");
            v.Require(r.Dec is null || r.Dec <= today, at + "dec", "must not be in the future");
            v.Require(r.Dec is not null || string.IsNullOrEmpty(r.Rec), at + "rec", "is given only with dec");
            v.Require(r.Dec is not null || j == rows.Count - 1, at + "dec", "only the last episode may be open (CLA-6)");
            var previous = j > 0 ? rows[j - 1] : null;
            var continues = previous?.Rec == Ssda903Codes.LegalStatusChange;
            if (previous?.Dec is { } ended)
            {
                v.Require(r.Decom >= ended, at + "decom", $"overlaps the episode before, which ceased {ended:yyyy-MM-dd} (CLA-6)");
                v.Require(!continues || r.Decom == ended, at + "decom", "must be the day the episode before ceased with X1 (CLA-6)");
            }

            v.Require(continues ? r.Rne != Ssda903Codes.NewPeriod : r.Rne == Ssda903Codes.NewPeriod, at + "rne",
                continues ? "S starts a period of care; after X1 the period goes on (L, P, T, B or U)" : "the first episode of a period of care is S");
            v.Require(!continues || r.Rne is not ("P" or "T") || r.Ls == previous!.Ls, at + "ls", $"changes, so rne cannot be {r.Rne} (a placement change only)");
            v.Require(!continues || r.Rne != "L" || r.Ls != previous!.Ls, at + "rne", "is L, but the legal status did not change");
            v.Require(r.Rec != Ssda903Codes.LegalStatusChange || j < rows.Count - 1, at + "rec", "X1 needs the next episode, beginning the same day (CLA-6)");
        }
    }

    private static void Known(Violations v, string field, string? code, Func<string, bool> known, bool required)
    {
        if (string.IsNullOrEmpty(code))
        {
            v.Require(!required, field, "is required");
            return;
        }

        v.Require(known(code), field, $"'{Clip(code)}' is not an SSDA903 code for this item (CLA-6)");
    }

    private static string Clip(string value) => value.Length > 12 ? value[..12] + "..." : value;
}
