using System.Globalization;
using System.Text;
using GoingHome.ServiceDefaults.Grpc;
using GoingHome.Ssda903;

namespace GoingHome.Case.Tests;

/// <summary>
/// The CLA return as files (tools/GoingHome.Ssda903): a generated return, valid against the DfE's schema, imported
/// through SyncChildren as an integrator would, then the collection year exported as XML that validates against the
/// same schema and holds the same rows; the CSV pair reads as the XML does.
/// </summary>
[Collection(CaseCollection.Name)]
public sealed class Ssda903FileTests(CaseServiceFixture service)
{
    private static readonly string Schema = Path.Combine(AppContext.BaseDirectory, "CLA.xsd");

    [Fact(DisplayName = "CLA-6: a CLA XML file imports (created, then unchanged) and the collection year exports as XML valid against CLA.xsd with the same rows")]
    public async Task Xml_in_and_out()
    {
        var tag = Guid.NewGuid().ToString("N")[..4];
        var file = new SyntheticReturn(seed: 42, new DateOnly(2026, 11, 20)).Children(60, $"{tag}-")
            .Select(c => new ClaChild(c.SourceId, c.Ssda903)).ToList();
        var written = ClaFile.ToXml(file);
        Assert.Empty(ClaFile.Validate(written, Schema));
        using var stream = new MemoryStream();
        written.Save(stream);
        stream.Position = 0;
        var read = ClaFile.ReadXml(stream);
        Assert.Equal(file.Select(c => c.History), read.Select(c => c.History));

        var transfer = new Ssda903Transfer(service.Client("lcs-file", "integrator"));
        var first = await transfer.ImportAsync("lcs", read, CancellationToken.None);
        Assert.Equal((60, 0, 0), (first.Created, first.Updated, first.Unchanged));
        Assert.Empty(first.Refused);
        var again = await transfer.ImportAsync("lcs", read, CancellationToken.None);
        Assert.Equal((0, 0, 60), (again.Created, again.Updated, again.Unchanged));

        var incomplete = new List<string>();
        var exported = (await transfer.ExportAsync(2026, incomplete, CancellationToken.None)).Where(c => c.ChildId.StartsWith(tag, StringComparison.Ordinal)).ToList();
        Assert.Empty(ClaFile.Validate(ClaFile.ToXml(exported), Schema));
        var (first1, last) = (new DateOnly(2025, 4, 1), new DateOnly(2026, 3, 31));
        var expected = file.Where(c => c.History.Episodes.Any(e => e.Decom.ToDateOnly() <= last && (e.Dec is null || e.Dec.ToDateOnly() >= first1))).ToList();
        Assert.Equal(expected.Select(c => c.ChildId).Order(), exported.Select(c => c.ChildId).Order());
        foreach (var child in exported)
        {
            var source = expected.Single(c => c.ChildId == child.ChildId);
            Assert.Equal(source.History.Header, child.History.Header);
            Assert.Equal(source.History.Episodes.Where(e => e.Decom.ToDateOnly() <= last && (e.Dec is null || e.Dec.ToDateOnly() >= first1)), child.History.Episodes);
        }
    }

    [Fact(DisplayName = "CLA-6: the header and episodes CSV pair reads as the XML does; a schema error is reported, not written silently")]
    public void Csv_pair_and_schema_errors()
    {
        var file = new SyntheticReturn(seed: 7, new DateOnly(2026, 11, 20)).Children(12, "csv-").Select(c => new ClaChild(c.SourceId, c.Ssda903)).ToList();
        static string D(Google.Type.Date? d) => d.ToDateOnly()?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "";
        var headers = new StringBuilder("CHILD,SEX,DOB,ETHNIC,UPN,UASC,MOTHER,MC_DOB\n");
        var episodes = new StringBuilder("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n");
        foreach (var c in file)
        {
            var h = c.History.Header;
            headers.Append(CultureInfo.InvariantCulture, $"{c.ChildId},{h.Sex},{D(h.Dob)},{h.Ethnic},{h.Upn},{h.Uasc},{h.Mother},{D(h.McDob)}\n");
            foreach (var e in c.History.Episodes)
            {
                episodes.Append(CultureInfo.InvariantCulture, $"{c.ChildId},{D(e.Decom)},{e.Rne},{e.Ls},{e.Cin},{e.Pl},{e.PlaceProvider},{D(e.Dec)},{e.Rec},{e.ReasonPlaceChange},{e.HomePost},{e.PlPost},{e.Urn}\n");
            }
        }

        var read = ClaFile.ReadCsv(new StringReader(headers.ToString()), new StringReader(episodes.ToString()));
        Assert.Equal(file.Select(c => (c.ChildId, c.History)), read.Select(c => (c.ChildId, c.History)));

        file[0].History.Episodes[0].Ls = "LONG";
        Assert.NotEmpty(ClaFile.Validate(ClaFile.ToXml(file), Schema));
    }
}
