using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Grpc;

namespace GoingHome.Ssda903;

/// <summary>A CLA return's children: CHILDID with the header and episodes, in the return's own items.</summary>
public sealed record ClaChild(string ChildId, Ssda903History History);

/// <summary>
/// The DfE's CLA return as files: the XML (root EXPSSDA903) read and written in the schema's element order, and the
/// header/episodes CSV pair the return is also kept as. Dates are dd/MM/yyyy, as the return writes them.
/// </summary>
public static class ClaFile
{
    private const string DateFormat = "dd/MM/yyyy";

    public static List<ClaChild> ReadXml(Stream xml)
    {
        var document = XDocument.Load(xml);
        return [.. document.Root!.Elements("CHILD").Select(child =>
        {
            var header = child.Element("HEADER")!;
            string Item(XElement e, string name) => e.Element(name)?.Value.Trim() ?? "";
            var history = new Ssda903History
            {
                Header = new Ssda903Header
                {
                    Upn = Item(header, "UPN"), Sex = Item(header, "SEX"), Dob = Date(Item(header, "DOB")), Ethnic = Item(header, "ETHNIC"),
                    Uasc = Item(header, "UASC"), Mother = Item(header, "MOTHER"), McDob = Date(Item(header, "MC_DOB")),
                },
            };
            history.Episodes.AddRange(child.Elements("EPISODE").Select(e => new Ssda903Episode
            {
                Decom = Date(Item(e, "DECOM")), Rne = Item(e, "RNE"), Ls = Item(e, "LS"), Cin = Item(e, "CIN"), Pl = Item(e, "PL"),
                PlPost = Item(e, "PL_POST"), HomePost = Item(e, "HOME_POST"), Urn = Item(e, "URN"), PlaceProvider = Item(e, "PLACE_PROVIDER"),
                Dec = Date(Item(e, "DEC")), Rec = Item(e, "REC"), ReasonPlaceChange = Item(e, "REASON_PLACE_CHANGE"),
            }));
            return new ClaChild(Item(header, "CHILDID"), history);
        })];
    }

    /// <summary>The header and episodes CSV pair (first line the item names; CHILD joins them; PLACE or PL for the placement).</summary>
    public static List<ClaChild> ReadCsv(TextReader headers, TextReader episodes)
    {
        var children = new Dictionary<string, ClaChild>(StringComparer.Ordinal);
        foreach (var row in Rows(headers))
        {
            var id = row.GetValueOrDefault("CHILD", "");
            children[id] = new ClaChild(id, new Ssda903History
            {
                Header = new Ssda903Header
                {
                    Upn = row.GetValueOrDefault("UPN", ""), Sex = row.GetValueOrDefault("SEX", ""), Dob = Date(row.GetValueOrDefault("DOB", "")),
                    Ethnic = row.GetValueOrDefault("ETHNIC", ""), Uasc = row.GetValueOrDefault("UASC", ""), Mother = row.GetValueOrDefault("MOTHER", ""),
                    McDob = Date(row.GetValueOrDefault("MC_DOB", "")),
                },
            });
        }

        foreach (var row in Rows(episodes))
        {
            var id = row.GetValueOrDefault("CHILD", "");
            if (!children.TryGetValue(id, out var child))
            {
                throw new FormatException($"episodes name CHILD {id}, which the header file lacks");
            }

            child.History.Episodes.Add(new Ssda903Episode
            {
                Decom = Date(row.GetValueOrDefault("DECOM", "")), Rne = row.GetValueOrDefault("RNE", ""), Ls = row.GetValueOrDefault("LS", ""),
                Cin = row.GetValueOrDefault("CIN", ""), Pl = row.GetValueOrDefault("PL", row.GetValueOrDefault("PLACE", "")),
                PlPost = row.GetValueOrDefault("PL_POST", ""), HomePost = row.GetValueOrDefault("HOME_POST", ""), Urn = row.GetValueOrDefault("URN", ""),
                PlaceProvider = row.GetValueOrDefault("PLACE_PROVIDER", ""), Dec = Date(row.GetValueOrDefault("DEC", "")), Rec = row.GetValueOrDefault("REC", ""),
                ReasonPlaceChange = row.GetValueOrDefault("REASON_PLACE_CHANGE", ""),
            });
        }

        return [.. children.Values];
    }

    /// <summary>The return's XML, elements in the schema's order; open episodes carry empty DEC and REC, as the schema allows.</summary>
    public static XDocument ToXml(IEnumerable<ClaChild> children) => new(
        new XDeclaration("1.0", "utf-8", null),
        new XElement("EXPSSDA903", children.Select(c => new XElement("CHILD",
            new XElement("HEADER",
                new XElement("CHILDID", c.ChildId),
                new XElement("UPN", c.History.Header.Upn),
                new XElement("SEX", c.History.Header.Sex),
                new XElement("DOB", Text(c.History.Header.Dob)),
                new XElement("ETHNIC", c.History.Header.Ethnic),
                new XElement("UASC", c.History.Header.Uasc),
                c.History.Header.Mother.Length > 0 ? new XElement("MOTHER", c.History.Header.Mother) : null,
                c.History.Header.McDob is null ? null : new XElement("MC_DOB", Text(c.History.Header.McDob))),
            c.History.Episodes.Select(e => new XElement("EPISODE",
                new XElement("DECOM", Text(e.Decom)),
                new XElement("RNE", e.Rne),
                new XElement("LS", e.Ls),
                new XElement("CIN", e.Cin),
                new XElement("PL", e.Pl),
                new XElement("PL_POST", e.PlPost),
                new XElement("HOME_POST", e.HomePost),
                new XElement("URN", e.Urn),
                new XElement("PLACE_PROVIDER", e.PlaceProvider),
                new XElement("DEC", Text(e.Dec)),
                new XElement("REC", e.Rec),
                new XElement("REASON_PLACE_CHANGE", e.ReasonPlaceChange)))))));

    /// <summary>What is missing for the schema (items it requires that the record does not hold), or nothing.</summary>
    public static List<string> Gaps(ClaChild child)
    {
        var gaps = new List<string>();
        if (child.History.Header.Sex.Length != 1)
        {
            gaps.Add("SEX");
        }

        gaps.AddRange(child.History.Episodes.SelectMany((e, i) => new[] { ("CIN", e.Cin), ("PL", e.Pl) }.Where(x => x.Item2.Length != 2).Select(x => $"EPISODE[{i}].{x.Item1}")));
        return gaps;
    }

    /// <summary>Every message the DfE's schema has for the document (none when it validates).</summary>
    public static List<string> Validate(XDocument document, string xsdPath)
    {
        var schemas = new XmlSchemaSet();
        using (var reader = XmlReader.Create(xsdPath))
        {
            schemas.Add(null, reader);
        }

        var errors = new List<string>();
        document.Validate(schemas, (_, e) => errors.Add(e.Message));
        return errors;
    }

    private static Google.Type.Date? Date(string text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day.ToProto()
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day) ? day.ToProto() : null;

    private static string Text(Google.Type.Date? date) => date.ToDateOnly()?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? "";

    /// <summary>Rows of a simple CSV (no quoted commas in the return's items), keyed by the first line's names.</summary>
    private static IEnumerable<Dictionary<string, string>> Rows(TextReader reader)
    {
        var names = reader.ReadLine()?.Split(',').Select(n => n.Trim().ToUpperInvariant()).ToArray() ?? [];
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var values = line.Split(',');
            yield return names.Select((n, i) => (n, Value: i < values.Length ? values[i].Trim().Trim('"') : "")).ToDictionary(x => x.n, x => x.Value, StringComparer.Ordinal);
        }
    }
}
