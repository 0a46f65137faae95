using System.Globalization;

namespace Leviathan.Evaluation.Running;

/// <summary>One cell of an evaluation: a task, under a configuration, the n-th time (from 1).</summary>
public sealed record AttemptKey(string TaskId, string Configuration, int Repeat)
{
    /// <summary>How the key is written in the store's run tag and in folder names: <c>configuration/task/repeat</c>.</summary>
    public string Item => string.Create(CultureInfo.InvariantCulture, $"{Configuration}/{TaskId}/{Repeat}");

    /// <inheritdoc />
    public override string ToString() => Item;
}
