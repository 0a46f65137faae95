using System.Text.Json.Serialization;

namespace Leviathan.Tools.Edits;

/// <summary>How a block's old text was found in the file, from strictest to most tolerant.</summary>
public enum MatchStrategy
{
    /// <summary>Character for character.</summary>
    [JsonStringEnumMemberName("exact")]
    Exact,

    /// <summary>Equal once trailing whitespace is ignored on every line.</summary>
    [JsonStringEnumMemberName("trailing_whitespace")]
    TrailingWhitespace,

    /// <summary>Equal but for one uniform difference in leading indentation; the new text is re-indented.</summary>
    [JsonStringEnumMemberName("indentation")]
    Indentation,
}
