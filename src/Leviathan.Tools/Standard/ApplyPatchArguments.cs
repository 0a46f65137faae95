using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Tools.Standard;

/// <summary>Arguments of <c>apply_patch</c>.</summary>
public sealed record ApplyPatchArguments(
    [property: Description("A unified diff (git style; several files, new and deleted files) or SEARCH/REPLACE blocks: "
        + "the file path on its own line, '<<<<<<< SEARCH', the exact old lines, '=======', the new lines, '>>>>>>> REPLACE'.")]
    [property: MinLength(1)]
    string Patch);
