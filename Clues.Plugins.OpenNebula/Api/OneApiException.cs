namespace Clues.Plugins.OpenNebula.Api;

/// <summary>
/// A call to OpenNebula's XML-RPC API failed: unreachable, an HTTP error, a timeout, a fault, a refusal
/// (<c>[false, message, code]</c>) or an answer that cannot be read. The message names the endpoint and the method.
/// </summary>
internal sealed class OneApiException : Exception
{
    public OneApiException(string message, int? errorCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    public OneApiException() : this("the OpenNebula API call failed") { }

    public OneApiException(string message) : this(message, null, null) { }

    public OneApiException(string message, Exception innerException) : this(message, null, innerException) { }

    /// <summary>OpenNebula's error code when it refused the call (256 = authentication, 512 = authorization...).</summary>
    public int? ErrorCode { get; }
}
