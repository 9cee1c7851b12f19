using System.Security.Cryptography;
using System.Text;

namespace Clues.Core.Api.XmlRpc;

/// <summary>
/// Checks the shared secret (<c>[general] CLUES_SECRET_TOKEN</c>) in constant time, so the time a refusal
/// takes does not tell how much of a guess was right. An empty configured secret accepts only an empty one, as
/// CLUES' plain equality did.
/// </summary>
internal sealed class SecretChecker
{
    private readonly byte[] _expectedHash;

    public SecretChecker(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>True when <paramref name="candidate"/> equals the configured secret.</summary>
    public bool IsValid(string? candidate)
    {
        if (candidate is null)
        {
            return false;
        }
        // Hashing first gives both sides the same length, so FixedTimeEquals never leaks the secret's length.
        var candidateHash = SHA256.HashData(Encoding.UTF8.GetBytes(candidate));
        return CryptographicOperations.FixedTimeEquals(candidateHash, _expectedHash);
    }
}
