using GoingHome.Audit.V1;
using GoingHome.Case.Features;
using GoingHome.ServiceDefaults.Auth;
using Google.Api;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace GoingHome.Case.Grpc;

/// <summary>The suite's access log, gathered by Case from all six services; the data protection officer's only.</summary>
public sealed class SuiteAccessLogGrpcService(SuiteAccessLog log) : SuiteAccessLogService.SuiteAccessLogServiceBase
{
    [Authorize(Policy = Policies.DataProtectionOfficer)]
    public override Task<ListChildAccessResponse> ListChildAccess(ListChildAccessRequest request, ServerCallContext context) =>
        log.ListChildAccess(request, context);

    [Authorize(Policy = Policies.DataProtectionOfficer)]
    public override Task<HttpBody> ExportChildAccess(ExportChildAccessRequest request, ServerCallContext context) =>
        log.ExportChildAccess(request, context);

    [Authorize(Policy = Policies.DataProtectionOfficer)]
    public override Task<VerifySuiteAccessLogResponse> VerifySuiteAccessLog(VerifySuiteAccessLogRequest request, ServerCallContext context) =>
        log.VerifySuiteAccessLog(request, context);
}
