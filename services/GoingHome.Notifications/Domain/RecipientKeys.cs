namespace GoingHome.Notifications.Domain;

/// <summary>Inbox addresses: a person, everyone holding a role, someone in the network without an account, the child.</summary>
public static class RecipientKeys
{
    public static string User(string userId) => $"user:{userId}";

    public static string Role(string role) => $"role:{role}";

    public static string Member(string networkMemberId) => $"member:{networkMemberId}";

    public static string Child(string childId) => $"child:{childId}";

    /// <summary>The inboxes a caller reads: their own and their roles'.</summary>
    public static string[] InboxesOf(string userId, IEnumerable<string> roles) => [User(userId), .. roles.Select(Role)];
}
