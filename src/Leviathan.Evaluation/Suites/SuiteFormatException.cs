namespace Leviathan.Evaluation.Suites;

/// <summary>A task pack that does not follow the format: the message names the file, the key and how to fix it.</summary>
public sealed class SuiteFormatException : Exception
{
    /// <summary>Creates the error for one problem in one file.</summary>
    /// <param name="file">The file or folder of the pack that is wrong.</param>
    /// <param name="key">The key (dotted, as in <c>judge.fail_to_pass</c>) or entry that is wrong; null for the whole file.</param>
    /// <param name="problem">What is wrong, one sentence.</param>
    /// <param name="fix">What to do about it, one sentence.</param>
    public SuiteFormatException(string file, string? key, string problem, string fix)
        : base(Compose(file, key, problem, fix))
    {
        File = file;
        Key = key;
        Problem = problem;
        Fix = fix;
    }

    /// <summary>The file or folder of the pack that is wrong.</summary>
    public string File { get; }

    /// <summary>The key or entry that is wrong; null for the whole file.</summary>
    public string? Key { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>How to fix it.</summary>
    public string Fix { get; }

    private static string Compose(string file, string? key, string problem, string fix) =>
        key is null ? $"{file}: {problem}; {fix}" : $"{file}: '{key}': {problem}; {fix}";
}
