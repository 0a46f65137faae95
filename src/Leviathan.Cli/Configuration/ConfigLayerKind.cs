namespace Leviathan.Cli.Configuration;

/// <summary>The layers of the configuration, lowest first: a later layer wins.</summary>
internal enum ConfigLayerKind
{
    /// <summary>Built-in defaults.</summary>
    Defaults,

    /// <summary><c>&lt;home&gt;/config.yaml</c>.</summary>
    UserFile,

    /// <summary><c>.leviathan/config.yaml</c> in the working folder: only the keys a project may set.</summary>
    ProjectFile,

    /// <summary><c>LEVIATHAN_*</c> environment variables.</summary>
    Environment,

    /// <summary>Command-line options.</summary>
    CommandLine,
}
