using Leviathan.Tools.Contract;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Evaluation.Running;

/// <summary>
/// The judge's sandboxes for <see cref="EvaluationDependencies.JudgeRunner"/>: one sandbox per set of hidden paths (the
/// suite and the output folder stay out of the judge's sight), made once and shared by every attempt that hides the same.
/// </summary>
public sealed class JudgeSandboxes(SandboxOptions options)
{
    private readonly Dictionary<string, ISandbox> _sandboxes = new(StringComparer.Ordinal);

    /// <summary>A command runner in <paramref name="workspace"/>, with <paramref name="hidden"/> hidden from the commands.</summary>
    public ICommandRunner Runner(string workspace, IReadOnlyList<string> hidden)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        var key = string.Join('\n', hidden);
        ISandbox? sandbox;
        lock (_sandboxes)
        {
            if (!_sandboxes.TryGetValue(key, out sandbox))
            {
                sandbox = _sandboxes[key] = SandboxFactory.Create(options with { HiddenPaths = hidden });
            }
        }

        return new SandboxCommandRunner(sandbox, workspace);
    }
}
