namespace Leviathan.Evaluation.Suites;

/// <summary>Which list of the judge a test comes from.</summary>
public enum JudgeTestKind
{
    /// <summary>Fails on the starting files; a correct fix makes it pass.</summary>
    FailToPass,

    /// <summary>Passes on the starting files; a correct fix keeps it passing.</summary>
    PassToPass,
}
