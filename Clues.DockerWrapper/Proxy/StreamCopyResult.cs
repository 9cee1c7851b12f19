namespace Clues.DockerWrapper.Proxy;

/// <summary>How one direction of a copy ended.</summary>
internal enum StreamCopyResult
{
    /// <summary>The source ended normally and everything was written.</summary>
    Success,

    /// <summary>Reading the source failed (its peer reset or the data was malformed).</summary>
    InputError,

    /// <summary>Writing the destination failed (its peer went away).</summary>
    OutputError,

    /// <summary>The copy was cancelled (shutdown, or the other direction failed).</summary>
    Canceled,
}
