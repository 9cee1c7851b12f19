namespace Clues.DockerWrapper.Configuration;

/// <summary>Which pending job is dispatched first (<c>[DOCKER_WRAPPER] ORDER</c>, command line <c>--order</c>).</summary>
public enum QueueOrder
{
    /// <summary>Oldest submission first (default).</summary>
    Fifo,

    /// <summary>Newest submission first, as the thesis' wrapper did (KEEP as an option, spec §1.2).</summary>
    Lifo,
}
