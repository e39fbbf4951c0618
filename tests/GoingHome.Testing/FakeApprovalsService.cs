using System.Collections.Concurrent;
using GoingHome.Approvals.V1;
using Grpc.Core;

namespace GoingHome.Testing;

/// <summary>
/// Approvals as other services see it: the requests they create, and gates a test approves by action and subject.
/// Unapproved gates name the policy's missing steps; <see cref="Down"/> makes every call UNAVAILABLE.
/// </summary>
public sealed class FakeApprovalsService : ApprovalsService.ApprovalsServiceBase
{
    public static readonly IReadOnlyDictionary<string, (string Rule, string Title, string Role)[]> MissingByAction = new Dictionary<string, (string, string, string)[]>
    {
        ["return-home"] = [("AP-5", "Head of Service agreement", "HoS")],
        ["return-home-within-60-days"] = [("AP-4", "Deputy Director agreement", "DD")],
        ["end-care-episode-after-s20-return"] = [("AP-1", "Head of Service written agreement", "HoS"), ("AP-1", "Director authorisation", "Director")],
        ["lasting-home-recommendation"] = [("AP-6", "Head of Service ratification", "HoS")],
    };

    public ConcurrentDictionary<string, CreateApprovalRequestRequest> Requests { get; } = new();

    /// <summary>Gates approved, as "action|subject".</summary>
    public ConcurrentDictionary<string, bool> Approved { get; } = new();

    /// <summary>Requests as GetApprovalRequest answers them, by id.</summary>
    public ConcurrentDictionary<string, ApprovalRequest> ById { get; } = new();

    public bool Down { get; set; }

    public void Approve(string action, string subject) => Approved[$"{action}|{subject}"] = true;

    /// <summary>A request for the action on the subject, evaluated on <paramref name="facts"/>; granted unless told otherwise.</summary>
    public ApprovalRequest Add(string childId, string action, string subject, Facts facts, bool granted = true)
    {
        var request = new ApprovalRequest
        {
            Id = Guid.NewGuid().ToString(), ChildId = childId, Action = action, Subject = subject, Facts = facts,
            State = granted ? ApprovalState.Granted : ApprovalState.Pending,
            Steps = { MissingByAction.GetValueOrDefault(action, []).Select((s, i) => new ApprovalStep { Index = i, RuleId = s.Rule, Title = s.Title, RequiredRole = s.Role }) },
        };
        ById[request.Id] = request;
        if (granted)
        {
            Approve(action, subject);
        }

        return request;
    }

    public override Task<ApprovalRequest> GetApprovalRequest(GetApprovalRequestRequest request, ServerCallContext context)
    {
        ThrowIfDown();
        return ById.TryGetValue(request.Id, out var found)
            ? Task.FromResult(found)
            : throw new RpcException(new Status(StatusCode.NotFound, $"ApprovalRequest '{request.Id}' was not found."));
    }

    public override Task<ApprovalRequest> CreateApprovalRequest(CreateApprovalRequestRequest request, ServerCallContext context)
    {
        ThrowIfDown();
        var stored = Requests.GetOrAdd(request.RequestId, request);
        return Task.FromResult(new ApprovalRequest { Id = $"approval-{stored.RequestId}", ChildId = stored.ChildId, Action = stored.Action, Subject = stored.Subject });
    }

    public override Task<CheckGateResponse> CheckGate(CheckGateRequest request, ServerCallContext context)
    {
        ThrowIfDown();
        if (Approved.ContainsKey($"{request.Action}|{request.Subject}"))
        {
            return Task.FromResult(new CheckGateResponse { Approved = true });
        }

        var response = new CheckGateResponse();
        response.MissingSteps.AddRange(MissingByAction.GetValueOrDefault(request.Action, [])
            .Select(s => new MissingStep { RuleId = s.Rule, Title = s.Title, RequiredRole = s.Role }));
        return Task.FromResult(response);
    }

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "approvals is down (test)"));
        }
    }
}
