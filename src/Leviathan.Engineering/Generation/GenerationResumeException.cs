namespace Leviathan.Engineering.Generation;

/// <summary>
/// An output folder cannot be generated into as asked: it holds an interrupted generation and no resume was asked for,
/// a resume was asked for with other settings than the interrupted run's, or there is nothing to resume.
/// <see cref="Hint"/> says what to do.
/// </summary>
public sealed class GenerationResumeException(string message, string hint) : Exception(message)
{
    public string Hint { get; } = hint;
}
