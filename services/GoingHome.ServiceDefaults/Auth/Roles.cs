namespace GoingHome.ServiceDefaults.Auth;

/// <summary>The roles a token may carry (DOMAIN.md words), plus the suite's own service and admin roles.</summary>
public static class Roles
{
    public const string SocialWorker = "SW";
    public const string SupervisingSocialWorker = "SSW";
    public const string TeamManager = "TM";
    public const string ServiceManager = "SM";
    public const string HeadOfService = "HoS";
    public const string AssistantDirector = "AD";
    public const string DeputyDirector = "DD";
    public const string Director = "Director";
    public const string IndependentReviewingOfficer = "IRO";
    public const string Service = "service";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All =
    [
        SocialWorker, SupervisingSocialWorker, TeamManager, ServiceManager, HeadOfService, AssistantDirector,
        DeputyDirector, Director, IndependentReviewingOfficer, Service, Admin,
    ];

    /// <summary>The management line, junior to senior (AP-7); IRO and SSW sit outside it.</summary>
    public static readonly IReadOnlyList<string> ManagementLine =
        [SocialWorker, TeamManager, ServiceManager, HeadOfService, AssistantDirector, DeputyDirector, Director];

    public static readonly IReadOnlyList<string> Managers =
        [TeamManager, ServiceManager, HeadOfService, AssistantDirector, DeputyDirector, Director];

    /// <summary>The role words of the workers Case allocates to a child's case.</summary>
    public static readonly IReadOnlyDictionary<GoingHome.Case.V1.WorkerRole, string> Allocated = new Dictionary<GoingHome.Case.V1.WorkerRole, string>
    {
        [GoingHome.Case.V1.WorkerRole.SocialWorker] = SocialWorker,
        [GoingHome.Case.V1.WorkerRole.TeamManager] = TeamManager,
        [GoingHome.Case.V1.WorkerRole.IndependentReviewingOfficer] = IndependentReviewingOfficer,
        [GoingHome.Case.V1.WorkerRole.SupervisingSocialWorker] = SupervisingSocialWorker,
    };
}

/// <summary>
/// Named authorization policies. Each RPC names one, so "who may call this" is answered beside the method.
/// </summary>
public static class Policies
{
    /// <summary>Anyone working with looked-after children, and the suite's own services.</summary>
    public const string CaseReader = "case-reader";

    /// <summary>Practitioners who keep the child's record: SW, SSW, IRO and the management line; never a service or admin account.</summary>
    public const string CaseWriter = "case-writer";

    /// <summary>Team manager or above, a person: allocation, ending episodes, management oversight; never a service or admin account.</summary>
    public const string Manager = "manager";

    /// <summary>People in the management line, who decide approval steps; never a service or admin account.</summary>
    public const string Approver = "approver";

    /// <summary>Admin and the suite's own services only.</summary>
    public const string ServiceOrAdmin = "service-or-admin";

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [CaseReader] = [.. Roles.All],
        [CaseWriter] = [Roles.SocialWorker, Roles.SupervisingSocialWorker, Roles.IndependentReviewingOfficer, .. Roles.Managers],
        [Manager] = [.. Roles.Managers],
        [Approver] = [.. Roles.ManagementLine],
        [ServiceOrAdmin] = [Roles.Service, Roles.Admin],
    };
}
