using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Standard;

/// <summary>Parses an optional glob argument, refusing a malformed one with the reason.</summary>
internal static class StandardGlob
{
    public static GlobPattern? Parse(string? glob)
    {
        if (string.IsNullOrEmpty(glob))
        {
            return null;
        }

        try
        {
            return GlobPattern.Parse(glob);
        }
        catch (ArgumentException ex)
        {
            throw new ToolRefusedException($"{ex.Message}.");
        }
    }
}
