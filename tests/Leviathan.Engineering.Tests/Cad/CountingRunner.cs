using System.Collections.Concurrent;
using Leviathan.Engineering.Processes;

namespace Leviathan.Engineering.Tests.Cad;

/// <summary>Passes every command to a real runner and counts the OpenSCAD renders (not version questions) among them.</summary>
internal sealed class CountingRunner(IProcessRunner inner) : IProcessRunner
{
    private readonly ConcurrentBag<string> _renders = [];

    public int Renders => _renders.Count;

    public string Isolation => inner.Isolation;

    public Task<ProcessOutcome> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        if (!request.Arguments.Contains("--version"))
        {
            _renders.Add(string.Join(' ', request.Arguments));
        }

        return inner.RunAsync(request, cancellationToken);
    }
}
