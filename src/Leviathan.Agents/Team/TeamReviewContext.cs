using Leviathan.Core.Plans;
using Leviathan.Tools.Contract;

namespace Leviathan.Agents.Team;

/// <summary>What a team's reviewer material is made from, when the worker's work has passed verification.</summary>
public sealed class TeamReviewContext
{
    private readonly Func<CancellationToken, Task<string>> _diff;
    private readonly List<ToolImage> _images = [];

    internal TeamReviewContext(TeamRunContext run, TeamVerification verification, IReadOnlyList<PlanItem> plan, string todo, Func<CancellationToken, Task<string>> diff)
    {
        Run = run;
        Verification = verification;
        Plan = plan;
        Todo = todo;
        _diff = diff;
    }

    /// <summary>The run.</summary>
    public TeamRunContext Run { get; }

    /// <summary>The verification that just passed.</summary>
    public TeamVerification Verification { get; }

    /// <summary>The current TODO list.</summary>
    public IReadOnlyList<PlanItem> Plan { get; }

    /// <summary>The current TODO list as Markdown.</summary>
    public string Todo { get; }

    /// <summary>What this run changed in the workspace, from its start checkpoint (a note in parentheses when there is no diff to show).</summary>
    public Task<string> DiffAsync(CancellationToken cancellationToken) => _diff(cancellationToken);

    /// <summary>The images attached to the material (<see cref="Attach"/>).</summary>
    public IReadOnlyList<ToolImage> Images => _images;

    /// <summary>
    /// Shows the reviewer these images with the material when its model can see (capability <c>vision</c>); a model that
    /// cannot gets the material's text alone, which must therefore describe what the images show.
    /// </summary>
    public void Attach(IEnumerable<ToolImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        _images.AddRange(images);
    }
}
