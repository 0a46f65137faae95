namespace Leviathan.Engineering.Processes;

/// <summary>Runs CAD tools (OpenSCAD). The seam where a sandbox plugs in.</summary>
public interface IProcessRunner
{
    /// <summary>A short description printed in reports ("direct", "bubblewrap").</summary>
    string Isolation { get; }

    Task<ProcessOutcome> RunAsync(ProcessRequest request, CancellationToken cancellationToken);
}
