using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Grpc;

namespace GoingHome.Ssda903;

/// <summary>
/// A synthetic CLA return in the return's own terms, seeded so every run makes the same one: several periods per child,
/// moves, legal status changes, every LS, PL, RNE and REC code, each ending fitting the facts it needs (CLA-3). For
/// trial loads (the generate command), the tests and the import benchmark; no real child is in it.
/// </summary>
public sealed class SyntheticReturn
{
    private static readonly string[] Ethnicities =
        ["WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"];

    private static readonly string[] CategoriesOfNeed = ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"];

    private static readonly string[] ReasonsForPlacementChange = ["CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER"];

    private static readonly string[] PlacementProviders = ["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"];

    private static readonly string[] LegalStatusCodes = ["C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"];

    private static readonly string[] PlacementCodes =
        ["A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"];

    /// <summary>Ending codes that need nothing of the record (the return-home ones are recent enough to be raised only when asked for).</summary>
    private static readonly string[] EndingCodes =
        ["E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E41", "E45", "E46", "E47", "E48", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9"];

    private readonly Random _random;
    private readonly DateOnly _lastDay;

    public SyntheticReturn(int seed, DateOnly lastDay)
    {
        _random = new Random(seed);
        _lastDay = lastDay;
    }

    public List<SourceChild> Children(int count, string prefix) => [.. Enumerable.Range(0, count).Select(i => Child(i, $"{prefix}{i:D5}"))];

    public SourceChild Child(int i, string sourceId)
    {
        var rec = EndingCodes[i % EndingCodes.Length];
        // An 18th-birthday or adult ending needs an adult by its end; UASC for E15; independent living from 16.
        var adultEnding = rec is "E17" or "E7";
        var age = adultEnding ? 19 + _random.Next(4) : rec is "E5" or "E6" ? 17 : 4 + _random.Next(13);
        var dob = _lastDay.AddYears(-age).AddDays(-_random.Next(300));
        var header = new Ssda903Header
        {
            Upn = i % 7 == 0 ? "UN1" : $"A{_random.NextInt64(100_000_000_000, 999_999_999_999)}",
            Sex = (1 + (i % 2)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Dob = dob.ToProto(),
            Ethnic = Ethnicities[i % Ethnicities.Length],
            Uasc = rec == "E15" ? "1" : "0",
        };
        var rows = new List<Ssda903Episode>();
        var periods = 1 + (i % 3);
        var start = dob.AddDays(30 + _random.Next(200));
        for (var p = 0; p < periods; p++)
        {
            var lastPeriod = p == periods - 1;
            // Every child but every fourth ends its last period, so both open and closed histories are common.
            var ends = !lastPeriod || i % 4 != 3;
            var ending = lastPeriod ? rec : (p % 2 == 0 ? "E8" : "E3");
            start = Period(rows, i + p, start, ending, ends, dob);
            if (start > _lastDay.AddDays(-40))
            {
                break;
            }
        }

        return new SourceChild
        {
            SourceId = sourceId,
            Child = new Child { GivenName = $"Given{i}", FamilyName = $"Family{i % 97}" },
            Ssda903 = new Ssda903History { Header = header, Episodes = { rows } },
        };
    }

    /// <summary>One period: a first row, moves and legal status changes, then its end when <paramref name="ends"/>. Returns the day after.</summary>
    private DateOnly Period(List<Ssda903Episode> rows, int n, DateOnly start, string ending, bool ends, DateOnly dob)
    {
        var ls = LegalStatusCodes[n % LegalStatusCodes.Length];
        var pl = PlacementCodes[(n * 7) % PlacementCodes.Length];
        (ls, pl) = Fit(ending, ls, pl, ends);
        var end = start.AddDays(60 + _random.Next(500));
        var minimumAge = ending switch { "E17" or "E7" => 18, "E5" or "E6" => 16, _ => 0 };
        if (ends && end < dob.AddYears(minimumAge))
        {
            end = dob.AddYears(minimumAge).AddDays(10);
        }

        end = end > _lastDay.AddDays(-2) ? _lastDay.AddDays(-2) : end;
        var changes = n % 4;
        var days = Math.Max((end.DayNumber - start.DayNumber) / (changes + 1), 1);
        var decom = start;
        rows.Add(Row(decom, "S", ls, pl));
        for (var c = 0; c < changes && decom.AddDays(days) < end; c++)
        {
            decom = decom.AddDays(days);
            var previous = rows[^1];
            previous.Dec = decom.ToProto();
            previous.Rec = "X1";
            var kind = (n + c) % 4;
            var (nextLs, nextPl, rne) = kind switch
            {
                0 => (ls, Other(PlacementCodes, pl), "P"),
                1 => (ls, pl, "T"),
                2 => (Other(LegalStatusCodes, ls), pl, "L"),
                _ => (Other(LegalStatusCodes, ls), Other(PlacementCodes, pl), (n % 2 == 0) ? "B" : "U"),
            };
            if (c == changes - 1 || decom.AddDays(days * 2) >= end)
            {
                // The last row must still fit the ending (a placement order for adoption, remand for E14...).
                (nextLs, nextPl) = Fit(ending, nextLs, nextPl, ends);
                rne = (nextLs == ls, nextPl == pl) switch
                {
                    (true, _) => nextPl == pl ? "T" : "P",
                    (false, true) => "L",
                    _ => rne is "B" or "U" ? rne : "B",
                };
            }

            ls = nextLs;
            pl = nextPl;
            var row = Row(decom, rne, ls, pl);
            row.ReasonPlaceChange = rne is "P" or "B" or "U" or "T" ? ReasonsForPlacementChange[(n + c) % ReasonsForPlacementChange.Length] : "";
            rows.Add(row);
        }

        if (ends)
        {
            rows[^1].Dec = end.ToProto();
            rows[^1].Rec = ending;
        }

        return end.AddDays(20 + _random.Next(200));
    }

    /// <summary>What the ending needs of the last row (CLA-3).</summary>
    private (string Ls, string Pl) Fit(string ending, string ls, string pl, bool ends)
    {
        if (!ends)
        {
            return (ls, pl);
        }

        return ending switch
        {
            "E11" or "E12" => (_random.Next(2) == 0 ? "E1" : "D1", "A5"),
            "E14" => ("J1", pl is "R5" or "K1" ? pl : "K1"),
            "E45" => (ls is "C2" ? ls : "C2", "U1"),
            "E46" => (ls is "C2" ? ls : "C2", "U4"),
            "E15" => ("V2", "H5"),
            _ => (ls, pl),
        };
    }

    private Ssda903Episode Row(DateOnly decom, string rne, string ls, string pl) => new()
    {
        Decom = decom.ToProto(),
        Rne = rne,
        Ls = ls,
        Cin = CategoriesOfNeed[_random.Next(CategoriesOfNeed.Length)],
        Pl = pl,
        PlPost = $"AB{_random.Next(1, 99)} {_random.Next(1, 9)}CD",
        HomePost = $"XY{_random.Next(1, 99)} {_random.Next(1, 9)}ZZ",
        Urn = pl is "K1" or "K2" or "R1" ? $"SC{_random.Next(100000, 999999)}" : "",
        PlaceProvider = pl == "P1" ? "PR0" : PlacementProviders[1 + _random.Next(5)],
    };

    private string Other(string[] codes, string not)
    {
        string pick;
        do
        {
            pick = codes[_random.Next(codes.Length)];
        }
        while (pick == not);
        return pick;
    }
}
