namespace Leviathan.Evaluation.Suites;

/// <summary>What an evaluation runs over: a software task pack (<see cref="SoftwareSuite"/>) or a physics benchmark set (<see cref="PhysicsSet"/>).</summary>
public interface IEvaluationSuite
{
    /// <summary>The suite's id (recorded with the evaluation; a resumed evaluation must name the same).</summary>
    string Id { get; }

    /// <summary>The absolute folder of the suite.</summary>
    string Directory { get; }

    /// <summary>The ids of the suite's tasks, in order.</summary>
    IReadOnlyList<string> TaskIds { get; }

    /// <summary>What every attempt's sandbox must hide (hidden tests, reference fixes and solutions).</summary>
    IReadOnlyList<string> PathsHiddenFromAgents { get; }
}
