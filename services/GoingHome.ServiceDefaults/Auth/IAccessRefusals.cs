namespace GoingHome.ServiceDefaults.Auth;

/// <summary>
/// Records a refused attempt by an authenticated caller (a role that may not call the method, a worker acting on
/// another's work), apart from the refused call's own transaction, so attempts show in the audit trail beside access.
/// </summary>
public interface IAccessRefusals
{
    void Refused(string method, string? childId, string? requestId);

    /// <summary>
    /// A call with a token that did not validate (wrong key, expired, wrong issuer) claiming to be
    /// <paramref name="claimedUserId"/>: recorded only if that person is known here (has called this service before),
    /// so someone's identity being tried shows, but made-up names cannot fill the log.
    /// </summary>
    void RefusedToken(string method, string claimedUserId);
}
