namespace Clues.Core.Config;

/// <summary>clues2.cfg <c>[client]</c>: what the <c>clues</c> CLI and job wrappers use to reach the server.</summary>
public sealed class ClientOptions
{
    /// <summary>The section name.</summary>
    public const string Section = "client";

    /// <summary><c>CLUES_SECRET_TOKEN</c>, default empty.</summary>
    public string SecretToken { get; set; } = "";
    /// <summary><c>CLUES_XMLRPC</c>, default <c>http://localhost:8000/RPC2</c>.</summary>
    public string XmlRpcUrl { get; set; } = "http://localhost:8000/RPC2";
    /// <summary><c>CLUES_REQUEST_WAIT_TIMEOUT</c>, default 300.</summary>
    public int RequestWaitTimeout { get; set; } = 300;
    /// <summary><c>CLUES_CONNECT_TIMEOUT</c>, default 10: seconds the CLI waits for a TCP connection to the server.</summary>
    public double ConnectTimeout { get; set; } = 10;
    /// <summary>
    /// <c>CLUES_CALL_TIMEOUT</c>, default 30: seconds the CLI waits for the answer to one call. <c>req_wait</c> with a
    /// timeout waits that timeout plus this margin; without one it waits as long as the request is queued.
    /// </summary>
    public double CallTimeout { get; set; } = 30;
    /// <summary><c>LOG_FILE</c>, default <c>/var/log/clues2/clues2-cli.log</c>.</summary>
    public string LogFile { get; set; } = "/var/log/clues2/clues2-cli.log";
    /// <summary><c>LOG_LEVEL</c>, default debug.</summary>
    public string LogLevel { get; set; } = "debug";
    /// <summary>
    /// Where these settings came from, in words, for messages that may be caused by them (a refused secret, a server
    /// not found); empty when unknown. Not a configuration key.
    /// </summary>
    public string Origin { get; set; } = "";

    /// <summary>Reads the section; problems are collected in <see cref="CluesConfig.Errors"/>.</summary>
    public static ClientOptions Bind(CluesConfig config)
    {
        var d = new ClientOptions();
        return new ClientOptions
        {
            SecretToken = config.GetString(Section, "CLUES_SECRET_TOKEN", d.SecretToken),
            XmlRpcUrl = config.GetString(Section, "CLUES_XMLRPC", d.XmlRpcUrl),
            RequestWaitTimeout = config.GetInt(Section, "CLUES_REQUEST_WAIT_TIMEOUT", d.RequestWaitTimeout),
            ConnectTimeout = config.GetDouble(Section, "CLUES_CONNECT_TIMEOUT", d.ConnectTimeout),
            CallTimeout = config.GetDouble(Section, "CLUES_CALL_TIMEOUT", d.CallTimeout),
            LogFile = config.GetString(Section, "LOG_FILE", d.LogFile),
            LogLevel = config.GetString(Section, "LOG_LEVEL", d.LogLevel),
        };
    }
}
