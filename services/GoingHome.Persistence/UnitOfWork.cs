using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GoingHome.Persistence;

/// <summary>
/// Runs one state-changing RPC as one transaction: the change, its outbox events, its audit row and the answer kept
/// under the request_id all commit together in a single SaveChanges. A retry (the same request under the same
/// request_id) gets the first answer back and writes nothing; a different request under a used request_id is refused.
/// </summary>
public sealed class UnitOfWork<TDbContext>(TDbContext db, Auditor auditor, CurrentUser user, RequestFingerprint fingerprint, TimeProvider clock)
    where TDbContext : DbContext
{
    // Every write asks this first, so it is compiled once rather than translated per call.
    private static readonly Func<TDbContext, string, string, CancellationToken, Task<IdempotencyEntity?>> FindRecord =
        EF.CompileAsyncQuery((TDbContext context, string method, string requestId, CancellationToken _) =>
            context.Set<IdempotencyEntity>().AsNoTracking().FirstOrDefault(r => r.Method == method && r.RequestId == requestId));

    public async Task<TResponse> ExecuteAsync<TResponse>(
        string method, string requestId, Func<TResponse, string?> auditedChild, Func<CancellationToken, Task<TResponse>> change, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>, new()
    {
        if (await FindAnswerAsync<TResponse>(method, requestId, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var response = await change(cancellationToken);
        db.Add(auditor.Write(method, auditedChild(response), requestId));
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

    private async Task<TResponse?> FindAnswerAsync<TResponse>(string method, string requestId, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>, new()
    {
        if (string.IsNullOrEmpty(requestId))
        {
            return default;
        }

        var record = await FindRecord(db, method, requestId, cancellationToken);
        if (record is null)
        {
            return default;
        }

        if (record.UserId != user.Id)
        {
            // A request_id is the caller's own: another person's key must not reveal their answer.
            throw new ValidationFailedException([new FieldViolation("request_id", "was already used by another caller; use a fresh one")]);
        }

        if (record.RequestHash is { } answered && fingerprint.Value is { } asked && !answered.AsSpan().SequenceEqual(asked))
        {
            // A retry is the same request again. A different request under a used id is a new change the caller
            // believes was made: refuse it, never answer it with the other request's result.
            throw new ValidationFailedException([new FieldViolation("request_id", "was already used for a different request; a new change needs a fresh request_id")]);
        }

        var parsed = new TResponse();
        parsed.MergeFrom(record.Response);
        return parsed;
    }

    private static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
