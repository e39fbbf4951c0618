using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GoingHome.Persistence;

/// <summary>
/// The audit log's hash chain, as pure code. Each sealed row's hash is HMAC-SHA256, under a key the database does not
/// hold, over the hash of the row sealed before it and the row's own content: changing a row breaks its hash, deleting
/// one leaves a gap in the positions, and someone with only the database cannot compute the chain again over a forgery.
/// </summary>
public static class AuditChain
{
    /// <summary>What the first row links to.</summary>
    public static readonly byte[] Genesis = new byte[32];

    public const string Changed = "changed";
    public const string Missing = "missing";

    public static byte[] Hash(byte[] key, byte[] previous, long position, AuditEntity row)
    {
        using var content = new MemoryStream();
        content.Write(previous);
        Write(content, position);
        Write(content, row.Id);
        Write(content, row.OccurredAt.UtcTicks);
        foreach (var field in new[] { row.UserId, row.Role, row.Method, row.ChildId, row.RequestId, row.Access })
        {
            // Length-prefixed, and -1 for null, so no two different rows give the same bytes.
            var bytes = field is null ? null : Encoding.UTF8.GetBytes(field);
            Write(content, bytes?.Length ?? -1);
            content.Write(bytes ?? []);
        }

        return HMACSHA256.HashData(key, content.ToArray());
    }

    /// <summary>
    /// Walks sealed rows in position order from the first: a position absent is <see cref="Missing"/>; a row whose
    /// content and predecessor no longer give its stored hash is <see cref="Changed"/>. After a gap the next row's link
    /// cannot be checked (its predecessor is gone), so it starts the walk again from its stored hash.
    /// </summary>
    public sealed class Verifier(byte[] key)
    {
        private long _expected = 1;
        private byte[] _previous = Genesis;
        private readonly List<(long Position, string Kind)> _breaks = [];

        public long Verified { get; private set; }

        public IReadOnlyList<(long Position, string Kind)> Breaks => _breaks;

        public void Add(AuditEntity row)
        {
            var position = row.ChainPosition ?? throw new ArgumentException("Only sealed rows are in the chain.", nameof(row));
            if (position != _expected)
            {
                _breaks.Add((_expected, Missing));
            }
            else if (row.Hash is null || !CryptographicOperations.FixedTimeEquals(Hash(key, _previous, position, row), row.Hash))
            {
                _breaks.Add((position, Changed));
            }
            else
            {
                Verified++;
            }

            _previous = row.Hash ?? Genesis;
            _expected = position + 1;
        }
    }

    private static void Write(Stream stream, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        stream.Write(bytes);
    }
}
