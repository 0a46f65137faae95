namespace Leviathan.Simulation;

/// <summary>
/// One problem found in a model: a stable <see cref="Code"/> (see <see cref="FindingCodes"/>), a message
/// that says what is wrong, and where MuJoCo or the XML parser located it.
/// </summary>
public sealed record ModelFinding(string Code, string Message, string? Element = null, int? Line = null)
{
    public override string ToString()
    {
        var where = (Element, Line) switch
        {
            ({ } e, { } l) => $" ({e}, line {l})",
            (null, { } l) => $" (line {l})",
            ({ } e, null) => $" ({e})",
            _ => string.Empty,
        };
        return $"{Code}: {Message}{where}";
    }
}
