using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace GoingHome.Persistence;

/// <summary>
/// The secret the audit chain is keyed with: <c>Audit:ChainKey</c> from configuration (at least 32 bytes), or, where
/// only the development signing key is configured, a key derived from it for this one purpose. Never in the database.
/// </summary>
public sealed class AuditChainKey
{
    private AuditChainKey(byte[] value) => Value = value;

    public byte[] Value { get; }

    public static AuditChainKey From(IConfiguration configuration)
    {
        if (configuration["Audit:ChainKey"] is { Length: > 0 } chainKey)
        {
            var bytes = Encoding.UTF8.GetBytes(chainKey);
            return bytes.Length >= 32 ? new AuditChainKey(bytes) : throw new InvalidOperationException("Audit:ChainKey must be at least 32 bytes.");
        }

        if (configuration["Auth:SigningKey"] is { Length: > 0 } signingKey)
        {
            return new AuditChainKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(signingKey), 32, info: Encoding.UTF8.GetBytes("goinghome audit chain")));
        }

        throw new InvalidOperationException("The audit log cannot be chained: set Audit:ChainKey (at least 32 bytes, a secret kept out of the database).");
    }
}
