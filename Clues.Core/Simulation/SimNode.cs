namespace Clues.Core.Simulation;

/// <summary>A simulated machine (cluessim <c>Node</c>): cores and memory, and a power state that changes after a delay.</summary>
public sealed class SimNode(string name, double cores, double memory)
{
    public string Name { get; } = name;
    public double TotalCores { get; } = cores;
    public double TotalMemory { get; } = memory;
    public double Cores { get; set; } = cores;
    public double Memory { get; set; } = memory;
    public SimNodeState State { get; set; } = SimNodeState.Off;

    /// <summary>Whether one task of <paramref name="job"/> fits now.</summary>
    public bool Fits(SimJob job) => State == SimNodeState.On && Cores >= job.Cores && Memory >= job.Memory;
}
