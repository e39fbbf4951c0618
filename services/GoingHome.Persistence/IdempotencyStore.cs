using GoingHome.ServiceDefaults.Auth;
using GoingHome.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace GoingHome.Persistence;

/// <summary>The answers kept under request_ids: the one look-up both the idempotency interceptor and the unit of work make.</summary>
public sealed class IdempotencyStore<TDbContext>(TDbContext db, CurrentUser user, RequestFingerprint fingerprint)
    where TDbContext : DbContext
{
    // Every write asks this first, so it is compiled once rather than translated per call.
    private static readonly Func<TDbContext, string, string, string, CancellationToken, Task<IdempotencyEntity?>> FindRecord =
        EF.CompileAsyncQuery((TDbContext context, string method, string userId, string requestId, CancellationToken _) =>
            context.Set<IdempotencyEntity>().AsNoTracking().FirstOrDefault(r => r.Method == method && r.UserId == userId && r.RequestId == requestId));

    /// <summary>
    /// The stored answer to this caller's request_id, or null; refused when it answered another request. The key is the
    /// caller's own: the same string from another person (or a service's derived key used by a person) is another key,
    /// so nobody can take, block or read anyone else's.
    /// </summary>
    public async Task<byte[]?> FindAnswerAsync(string method, string requestId, CancellationToken cancellationToken)
    {
        var record = await FindRecord(db, method, user.Id, requestId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        if (record.RequestHash is { } answered && fingerprint.Value is { } asked && !answered.AsSpan().SequenceEqual(asked))
        {
            // A retry is the same request again. A different request under a used id is a new change the caller
            // believes was made: refuse it, never answer it with the other request's result.
            throw new ValidationFailedException([new FieldViolation("request_id", "was already used for a different request; a new change needs a fresh request_id")]);
        }

        return record.Response;
    }
}
