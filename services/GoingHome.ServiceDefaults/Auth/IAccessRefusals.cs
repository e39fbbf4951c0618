namespace GoingHome.ServiceDefaults.Auth;

/// <summary>
/// Records a refused attempt by an authenticated caller (a role that may not call the method, a worker acting on
/// another's work), apart from the refused call's own transaction, so attempts show in the audit trail beside access.
/// </summary>
public interface IAccessRefusals
{
    void Refused(string method, string? childId, string? requestId);
}
