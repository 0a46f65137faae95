using System.Text.RegularExpressions;

namespace Leviathan.Tools.Policy;

/// <summary>
/// One pattern of a rule (<c>command</c> or <c>path</c>): checked when the policy is read, built into its matcher the first
/// time a call needs it. The linear-time engine takes milliseconds to build each pattern (a quarter of a second for the
/// built-in rules) and most calls never reach most patterns (a rule for other tools, a call without a command), so the
/// cost is paid once per process for the patterns that are used, not by every policy that is read.
/// </summary>
internal sealed class PolicyPattern
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Multiline;
    private readonly Lazy<Regex> _regex;

    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public PolicyPattern(string pattern, TimeSpan timeout)
    {
        // The parser both engines share: a syntax error is reported now, when the policy is read.
        _ = new Regex(pattern, Options, timeout);
        Pattern = pattern;
        _regex = new Lazy<Regex>(() => Build(pattern, timeout), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The pattern's text.</summary>
    public string Pattern { get; }

    /// <summary>Whether the pattern matches anywhere in <paramref name="input"/>.</summary>
    /// <exception cref="RegexMatchTimeoutException">A backtracking pattern took longer than its timeout.</exception>
    public bool IsMatch(string input) => _regex.Value.IsMatch(input);

    public override string ToString() => Pattern;

    // Linear-time matching where the pattern allows it (no lookaround, no backreference), so that a long command is
    // judged rather than timed out; other patterns keep the backtracking engine and its timeout.
    private static Regex Build(string pattern, TimeSpan timeout)
    {
        try
        {
            return new Regex(pattern, Options | RegexOptions.NonBacktracking, timeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, Options, timeout);
        }
    }
}
