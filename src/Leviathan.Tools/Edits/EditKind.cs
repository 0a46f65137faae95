namespace Leviathan.Tools.Edits;

/// <summary>What an edit block does to its file.</summary>
internal enum EditKind
{
    /// <summary>Replace located text in an existing file.</summary>
    Replace,

    /// <summary>Create a file that does not exist yet.</summary>
    Create,

    /// <summary>Delete an existing file.</summary>
    Delete,
}
