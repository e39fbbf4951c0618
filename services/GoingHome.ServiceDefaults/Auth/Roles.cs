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

    /// <summary>The data protection officer: reads the access log for subject access requests and investigations; no casework.</summary>
    public const string DataProtectionOfficer = "DPO";

    /// <summary>Every role a person holds in casework: not the service or admin accounts.</summary>
    public static readonly IReadOnlyList<string> People =
    [
        SocialWorker, SupervisingSocialWorker, TeamManager, ServiceManager, HeadOfService, AssistantDirector,
        DeputyDirector, Director, IndependentReviewingOfficer,
    ];

    /// <summary>
    /// A system the authority already runs (LCS, Mosaic...) calling as a client of its own (OAuth client credentials):
    /// reads the children it keeps in step, subscribes to webhooks, reads the event feed; decides nothing.
    /// </summary>
    public const string Integrator = "integrator";

    /// <summary>Every role a token may carry.</summary>
    public static readonly IReadOnlyList<string> All = [.. People, Service, Admin, DataProtectionOfficer, Integrator];

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
    /// <summary>Anyone working with looked-after children: the practitioners and the management line. Never the admin
    /// account (it administers configuration and has no need to see a child's record), nor a service account.</summary>
    public const string CaseReader = "case-reader";

    /// <summary>The practitioners, the suite's own services, and integrators keeping the child's record in step with theirs.</summary>
    public const string ChildRecordReader = "child-record-reader";

    /// <summary>Webhook subscriptions: the admin account for all, an integrator for its own.</summary>
    public const string WebhookOwner = "webhook-owner";

    /// <summary>The integration event feed: integrators only.</summary>
    public const string IntegratorOnly = "integrator";

    /// <summary>The practitioners, and the suite's own services for the reads their event consumers and scans make of
    /// another service (the child's record, documents, approvals and readiness).</summary>
    public const string CaseOrServiceReader = "case-or-service-reader";

    /// <summary>Practitioners who keep the child's record: SW, SSW, IRO and the management line; never a service or admin account.</summary>
    public const string CaseWriter = "case-writer";

    /// <summary>Team manager or above, a person: allocation, ending episodes, management oversight; never a service or admin account.</summary>
    public const string Manager = "manager";

    /// <summary>People in the management line, who decide approval steps; never a service or admin account.</summary>
    public const string Approver = "approver";

    /// <summary>The team manager only: starting a lasting home with the IRO (LH-2).</summary>
    public const string TeamManager = "team-manager";

    /// <summary>The carers' supervising social worker only: the visit on the carers' record (LH-6).</summary>
    public const string SupervisingSocialWorker = "supervising-social-worker";

    /// <summary>The admin account only: configuration such as webhook subscriptions; no child's record.</summary>
    public const string Administrator = "administrator";

    /// <summary>The data protection officer only: the access log; no child's record itself.</summary>
    public const string DataProtectionOfficer = "data-protection-officer";

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [CaseReader] = [.. Roles.People],
        [CaseOrServiceReader] = [.. Roles.People, Roles.Service],
        [ChildRecordReader] = [.. Roles.People, Roles.Service, Roles.Integrator],
        [WebhookOwner] = [Roles.Admin, Roles.Integrator],
        [IntegratorOnly] = [Roles.Integrator],
        [CaseWriter] = [Roles.SocialWorker, Roles.SupervisingSocialWorker, Roles.IndependentReviewingOfficer, .. Roles.Managers],
        [Manager] = [.. Roles.Managers],
        [Approver] = [.. Roles.ManagementLine],
        [TeamManager] = [Roles.TeamManager],
        [SupervisingSocialWorker] = [Roles.SupervisingSocialWorker],
        [Administrator] = [Roles.Admin],
        [DataProtectionOfficer] = [Roles.DataProtectionOfficer],
    };
}
