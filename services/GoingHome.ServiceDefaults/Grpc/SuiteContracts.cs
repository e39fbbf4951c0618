using Google.Protobuf.Reflection;

namespace GoingHome.ServiceDefaults.Grpc;

/// <summary>The six services' published contracts, for code that reads what the protos declare about each method.</summary>
public static class SuiteContracts
{
    public static readonly IReadOnlyList<ServiceDescriptor> Services =
    [
        Case.V1.CaseService.Descriptor, Approvals.V1.ApprovalsService.Descriptor, Assessment.V1.AssessmentService.Descriptor,
        Notifications.V1.NotificationsService.Descriptor, Pathway.V1.PathwayService.Descriptor, LastingHomes.V1.LastingHomesService.Descriptor,
    ];
}
