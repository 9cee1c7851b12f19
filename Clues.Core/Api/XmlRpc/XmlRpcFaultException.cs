namespace Clues.Core.Api.XmlRpc;

/// <summary>
/// An XML-RPC fault: thrown by the server side to answer with a <c>&lt;fault&gt;</c>, and by the client side
/// when the server answered with one.
/// </summary>
public sealed class XmlRpcFaultException : Exception
{
    /// <summary>Creates a fault with a code (see <see cref="XmlRpcFaultCodes"/>) and a message for the caller.</summary>
    public XmlRpcFaultException(int faultCode, string faultString, Exception? innerException = null)
        : base(faultString, innerException)
    {
        FaultCode = faultCode;
        FaultString = faultString;
    }

    /// <summary>The <c>faultCode</c> member.</summary>
    public int FaultCode { get; }

    /// <summary>The <c>faultString</c> member.</summary>
    public string FaultString { get; }
}
