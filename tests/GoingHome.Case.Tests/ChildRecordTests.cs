using GoingHome.Case.V1;
using GoingHome.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using static GoingHome.Case.Tests.Requests;

namespace GoingHome.Case.Tests;

[Collection(CaseCollection.Name)]
public sealed class ChildRecordTests(CaseServiceFixture service)
{
    private readonly CaseService.CaseServiceClient _sw = service.Client("sw-1", "SW");

    [Fact]
    public async Task Create_then_get_returns_the_child_with_an_etag_and_normalised_NHS_number()
    {
        var created = await _sw.CreateChildAsync(NewChild());
        var fetched = await _sw.GetChildAsync(new GetChildRequest { Id = created.Id });

        Assert.Equal(created, fetched);
        Assert.Equal("Amara", fetched.GivenName);
        Assert.Equal(ValidNhsNumber, fetched.NhsNumber);
        Assert.Equal("1", fetched.Etag);
        Assert.Equal(CaseServiceFixture.Start.ToTimestamp(), fetched.CreateTime);
    }

    [Fact]
    public async Task Bad_input_gets_a_field_violation_per_problem_and_writes_nothing()
    {
        var before = await service.CountChildrenAsync();
        var request = NewChild(givenName: "", familyName: new string('x', 101));
        request.Child.DateOfBirth = Day(2027, 1, 1);
        request.Child.NhsNumber = "9434765918";
        request.Child.Gender = (Gender)99;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await _sw.CreateChildAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetStatusDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Equal(
            ["child.date_of_birth", "child.family_name", "child.gender", "child.given_name", "child.nhs_number"],
            fields.Order());
        Assert.Equal(before, await service.CountChildrenAsync());
    }

    [Fact]
    public async Task An_impossible_date_of_birth_is_invalid_argument()
    {
        var request = NewChild();
        request.Child.DateOfBirth = Day(2015, 2, 30);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _sw.CreateChildAsync(request));
        Assert.Equal("child.date_of_birth", error.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Fact]
    public async Task A_repeated_request_id_returns_the_first_answer_and_creates_one_record()
    {
        var request = NewChild(familyName: "Retry");
        var first = await _sw.CreateChildAsync(request);
        var again = await _sw.CreateChildAsync(request);

        Assert.Equal(first, again);
        Assert.Equal(1, await service.WithDbAsync(db => db.Children.CountAsync(c => c.FamilyName == "Retry")));
    }

    [Fact]
    public async Task A_request_id_used_before_with_a_different_body_is_refused_not_answered_with_the_other_request()
    {
        var first = NewChild(givenName: "Probe", familyName: "Reuse");
        var created = await _sw.CreateChildAsync(first);
        var other = NewChild(givenName: "Other", familyName: "Reuse");
        other.RequestId = first.RequestId;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await _sw.CreateChildAsync(other));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.GetStatusDetail<BadRequest>()!.FieldViolations, v => v.Field == "request_id");
        Assert.Equal(created, await _sw.CreateChildAsync(first));
        Assert.Equal(1, await service.WithDbAsync(db => db.Children.CountAsync(c => c.FamilyName == "Reuse")));
    }

    [Fact]
    public async Task Concurrent_retries_of_one_request_id_still_create_one_record()
    {
        var request = NewChild(familyName: "Racing");
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _sw.CreateChildAsync(request).ResponseAsync));

        Assert.Single(answers.Select(a => a.Id).Distinct());
        Assert.Equal(1, await service.WithDbAsync(db => db.Children.CountAsync(c => c.FamilyName == "Racing")));
    }

    [Fact(DisplayName = "ACC-2: a request_id is its caller's own: the same string from someone else is their own key, never the first caller's answer")]
    public async Task Another_callers_request_id_is_not_replayed_to_them()
    {
        var request = NewChild(familyName: "Owned");
        var first = await _sw.CreateChildAsync(request);
        var theirs = await service.Client("sw-2", "SW").CreateChildAsync(request);
        Assert.NotEqual(first.Id, theirs.Id);
        // Each caller's retry still answers with their own first answer.
        Assert.Equal(first.Id, (await _sw.CreateChildAsync(request)).Id);
        Assert.Equal(theirs.Id, (await service.Client("sw-2", "SW").CreateChildAsync(request)).Id);
    }

    [Fact(DisplayName = "Bad input: 2,000 wrong update-mask paths answer INVALID_ARGUMENT with the first 10 violations and the count, in a small trailer")]
    public async Task Error_details_are_capped()
    {
        var created = await _sw.CreateChildAsync(NewChild());
        var update = new UpdateChildRequest { RequestId = NewId(), Child = new Child { Id = created.Id, Etag = created.Etag }, UpdateMask = new FieldMask() };
        update.UpdateMask.Paths.AddRange(Enumerable.Range(0, 2000).Select(i => $"no_such_field_{i}_{new string('x', 300)}"));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _sw.UpdateChildAsync(update));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetStatusDetail<BadRequest>()!.FieldViolations;
        Assert.True(violations.Count <= RpcErrors.MaxItems, $"{violations.Count} violations");
        var trailer = error.Trailers.GetValueBytes(RpcErrors.StatusDetailsTrailer)!;
        Assert.True(trailer.Length < 8 * 1024, $"{trailer.Length} bytes");
    }

    [Fact]
    public async Task Update_changes_only_the_masked_fields_and_moves_the_etag()
    {
        var created = await _sw.CreateChildAsync(NewChild(givenName: "Before"));
        var update = new UpdateChildRequest
        {
            RequestId = NewId(),
            Child = new Child { Id = created.Id, Etag = created.Etag, GivenName = "After", FamilyName = "Ignored" },
            UpdateMask = FieldMask.FromString("given_name"),
        };

        var updated = await _sw.UpdateChildAsync(update);

        Assert.Equal("After", updated.GivenName);
        Assert.Equal(created.FamilyName, updated.FamilyName);
        Assert.NotEqual(created.Etag, updated.Etag);
    }

    [Fact]
    public async Task Update_with_a_stale_etag_is_aborted_and_changes_nothing()
    {
        var created = await _sw.CreateChildAsync(NewChild(givenName: "Original"));
        await _sw.UpdateChildAsync(new UpdateChildRequest
        {
            RequestId = NewId(),
            Child = new Child { Id = created.Id, Etag = created.Etag, GivenName = "First" },
            UpdateMask = FieldMask.FromString("given_name"),
        });

        var error = await Assert.ThrowsAsync<RpcException>(async () => await _sw.UpdateChildAsync(new UpdateChildRequest
        {
            RequestId = NewId(),
            Child = new Child { Id = created.Id, Etag = created.Etag, GivenName = "Second" },
            UpdateMask = FieldMask.FromString("given_name"),
        }));

        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal("First", (await _sw.GetChildAsync(new GetChildRequest { Id = created.Id })).GivenName);
    }

    [Fact]
    public async Task Update_of_an_unknown_field_is_refused()
    {
        var created = await _sw.CreateChildAsync(NewChild());
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _sw.UpdateChildAsync(new UpdateChildRequest
        {
            RequestId = NewId(),
            Child = new Child { Id = created.Id, Etag = created.Etag },
            UpdateMask = FieldMask.FromString("create_time"),
        }));
        Assert.Equal("update_mask", error.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Fact]
    public async Task An_unknown_child_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _sw.GetChildAsync(new GetChildRequest { Id = NewId() }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("Child", error.GetStatusDetail<ResourceInfo>()!.ResourceType);
    }

    [Fact]
    public async Task A_local_id_is_unique()
    {
        var first = NewChild();
        first.Child.LocalId = $"LA-{Guid.NewGuid():N}";
        await _sw.CreateChildAsync(first);
        var second = NewChild();
        second.Child.LocalId = first.Child.LocalId;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await _sw.CreateChildAsync(second));
        Assert.Equal("child.local_id", error.GetStatusDetail<BadRequest>()!.FieldViolations.Single().Field);
    }
}
