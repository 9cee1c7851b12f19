namespace Clues.Plugins.Im.Api;

/// <summary>
/// The calls CLUES makes to the Infrastructure Manager's REST API. Infrastructures and VMs are named by the URLs IM
/// gives them. Every failure (an error status, a timeout, a body that is not what was asked for) throws
/// <see cref="Clues.Core.Http.RestApiException"/> or <see cref="HttpRequestException"/> naming the call.
/// </summary>
internal interface IImApi
{
    /// <summary><c>GET /infrastructures</c>: the user's infrastructures.</summary>
    Task<IReadOnlyList<Uri>> ListInfrastructuresAsync(CancellationToken cancellationToken);

    /// <summary><c>GET &lt;inf&gt;</c>: the infrastructure's VMs, the front end first.</summary>
    Task<IReadOnlyList<Uri>> ListVmsAsync(Uri infrastructure, CancellationToken cancellationToken);

    /// <summary><c>GET &lt;vm&gt;</c> as RADL: the VM's systems, with its state.</summary>
    Task<string> GetVmRadlAsync(Uri vm, CancellationToken cancellationToken);

    /// <summary><c>GET &lt;vm&gt;/contmsg</c>: the VM's contextualization log.</summary>
    Task<string> GetVmContextualizationLogAsync(Uri vm, CancellationToken cancellationToken);

    /// <summary><c>GET &lt;inf&gt;/radl</c>: the RADL the infrastructure was made from.</summary>
    Task<string> GetInfrastructureRadlAsync(Uri infrastructure, CancellationToken cancellationToken);

    /// <summary><c>GET &lt;inf&gt;/tosca</c>: the TOSCA template the infrastructure was made from.</summary>
    Task<string> GetInfrastructureToscaAsync(Uri infrastructure, CancellationToken cancellationToken);

    /// <summary><c>POST &lt;inf&gt;</c>: adds the VMs a RADL (<c>text/plain</c>) or TOSCA (<c>text/yaml</c>) document describes.</summary>
    /// <returns>The new VMs.</returns>
    Task<IReadOnlyList<Uri>> AddResourcesAsync(Uri infrastructure, string document, bool tosca, CancellationToken cancellationToken);

    /// <summary><c>PUT &lt;vm&gt;/start</c>.</summary>
    Task StartVmAsync(Uri vm, CancellationToken cancellationToken);

    /// <summary><c>PUT &lt;vm&gt;/stop</c>.</summary>
    Task StopVmAsync(Uri vm, CancellationToken cancellationToken);

    /// <summary><c>DELETE &lt;vm&gt;</c>.</summary>
    Task DeleteVmAsync(Uri vm, CancellationToken cancellationToken);

    /// <summary><c>PUT &lt;vm&gt;/disks/0/snapshot?image_name=&lt;name&gt;&amp;auto_delete=1</c>.</summary>
    /// <returns>The URL of the new image.</returns>
    Task<string> SnapshotDiskAsync(Uri vm, string imageName, CancellationToken cancellationToken);
}
