namespace Leviathan.Models.Recording;

/// <summary>
/// In replay, a request matched nothing in the cassette: the run asked something the recorded run did not.
/// The message names the cassette and the exchange, and shows a line diff of the nearest recorded request against this one.
/// </summary>
public sealed class CassetteDivergenceException : Exception
{
    public CassetteDivergenceException(string message, string cassettePath, int exchange, string diff)
        : base(message)
    {
        CassettePath = cassettePath;
        Exchange = exchange;
        Diff = diff;
    }

    public CassetteDivergenceException()
        : this("replay diverged from the cassette", string.Empty, -1, string.Empty)
    {
    }

    public CassetteDivergenceException(string message)
        : this(message, string.Empty, -1, string.Empty)
    {
    }

    public CassetteDivergenceException(string message, Exception innerException)
        : base(message, innerException)
    {
        CassettePath = string.Empty;
        Diff = string.Empty;
        Exchange = -1;
    }

    public string CassettePath { get; }

    /// <summary>The 0-based index of the recorded exchange the run was expected to make next; -1 when the cassette was used up.</summary>
    public int Exchange { get; }

    /// <summary>Lines of the nearest recorded request (<c>-</c>) against this run's (<c>+</c>), with context.</summary>
    public string Diff { get; }
}
