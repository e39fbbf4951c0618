using GoingHome.ServiceDefaults.Auth;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GoingHome.Persistence;

/// <summary>
/// Runs one state-changing RPC as one transaction: the change, its outbox events, its audit row and the answer kept
/// under the request_id all commit together in a single SaveChanges. A retry (the same request under the same
/// request_id) gets the first answer back and writes nothing; a different request under a used request_id is refused.
/// </summary>
public sealed class UnitOfWork<TDbContext>(
    TDbContext db, Auditor auditor, CurrentUser user, RequestFingerprint fingerprint, IdempotencyStore<TDbContext> answers, TimeProvider clock,
    IEnumerable<IChildRelationshipCheck> relationships)
    where TDbContext : DbContext
{
    public async Task<TResponse> ExecuteAsync<TResponse>(
        string method, string requestId, Func<TResponse, string?> auditedChild, Func<CancellationToken, Task<TResponse>> change, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>, new()
    {
        // The idempotency interceptor has usually asked already, before validation; asking again would be a round trip for nothing.
        if (!fingerprint.AlreadyCheckedFor(requestId) && await FindAnswerAsync<TResponse>(method, requestId, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var response = await change(cancellationToken);
        var childId = auditedChild(response);
        if (!string.IsNullOrEmpty(childId))
        {
            // Rule ACC-1: nothing of the change is saved unless the caller is related to the child it touched.
            await RequireRelatedAsync(childId, cancellationToken);
        }

        db.Add(auditor.Write(method, childId, requestId));
        if (!string.IsNullOrEmpty(requestId))
        {
            db.Add(new IdempotencyEntity
            {
                Method = method,
                RequestId = requestId,
                UserId = user.Id,
                Response = response.ToByteArray(),
                RequestHash = fingerprint.Value,
                CreatedAt = clock.GetUtcNow(),
            });
        }

        try
        {
            // One SaveChanges is one database transaction: the change, its outbox rows, the audit row and the
            // idempotency record commit together or not at all. Concurrent edits are caught by the version token.
            await db.SaveChangesAsync(cancellationToken);
            return response;
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex) && !string.IsNullOrEmpty(requestId))
        {
            // The same request_id raced us and won: nothing of ours was written; answer with theirs.
            db.ChangeTracker.Clear();
            var winner = await FindAnswerAsync<TResponse>(method, requestId, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            return winner;
        }
    }

    /// <summary>
    /// For a change that loaded a child's record by another id (a task, a checklist): before any rule or ownership
    /// message can tell the caller something of it, the record is NOT_FOUND if restricted from them, and refused
    /// (ACC-1) if they are not related to the child.
    /// </summary>
    public async Task RequireAccessAsync(string childId, CancellationToken cancellationToken)
    {
        auditor.RequireVisible(childId);
        await RequireRelatedAsync(childId, cancellationToken);
    }

    private async Task RequireRelatedAsync(string childId, CancellationToken cancellationToken)
    {
        foreach (var relationship in relationships)
        {
            await relationship.RequireAsync(childId, cancellationToken);
        }
    }

    private async Task<TResponse?> FindAnswerAsync<TResponse>(string method, string requestId, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>, new()
    {
        if (string.IsNullOrEmpty(requestId))
        {
            return default;
        }

        if (await answers.FindAnswerAsync(method, requestId, cancellationToken) is not { } stored)
        {
            return default;
        }

        var parsed = new TResponse();
        parsed.MergeFrom(stored);
        return parsed;
    }

    private static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
