namespace Leviathan.Tools.Sandbox.Toolchains;

/// <summary>The built-in presets (<c>dotnet</c>, <c>python</c>, <c>node</c>, <c>rust</c>, <c>java</c>, <c>go</c>) and their detection.</summary>
internal static class ToolchainPresets
{
    /// <summary>The preset list value that detects presets from the workspace's files.</summary>
    public const string Auto = "auto";

    /// <summary>The preset list value that turns every preset off.</summary>
    public const string NoPresets = "none";

    public static IReadOnlyList<ToolchainPreset> All { get; } =
    [
        new("dotnet")
        {
            MarkerExtensions = [".csproj", ".fsproj", ".vbproj", ".sln", ".slnx"],
            MarkerFiles = ["global.json", "Directory.Build.props", "Directory.Packages.props"],
            Paths = DotnetPaths,
            Environment = Variables(
                ("DOTNET_NOLOGO", "1"),
                ("DOTNET_CLI_TELEMETRY_OPTOUT", "1"),
                ("DOTNET_SKIP_FIRST_TIME_EXPERIENCE", "1"),
                ("DOTNET_GENERATE_ASPNET_CERTIFICATE", "false"),
                ("DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE", "true"),
                // Build servers would only be killed with the command's PID namespace.
                ("MSBUILDDISABLENODEREUSE", "1"),
                ("DOTNET_CLI_USE_MSBUILD_SERVER", "0")),
            PassEnvironment = ["NUGET_CERT_REVOCATION_MODE", "DOTNET_ROOT"],
            Programs = ["dotnet"],
            Describes = "~/.nuget/packages (and the dotnet folder when it is in a hidden folder)",
        },
        new("python")
        {
            MarkerFiles = ["pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "Pipfile", ".python-version"],
            Paths = PythonPaths,
            Environment = Variables(("PYTHONDONTWRITEBYTECODE", "1"), ("PIP_DISABLE_PIP_VERSION_CHECK", "1"), ("PIP_NO_INPUT", "1")),
            PassEnvironment = ["PYENV_VERSION"],
            Programs = ["python", "python3", "pip", "pip3", "pyenv", "pytest"],
            Describes = "~/.pyenv and ~/.local/lib/python*",
        },
        new("node")
        {
            MarkerFiles = ["package.json"],
            Paths = NodePaths,
            Environment = Variables(("npm_config_update_notifier", "false"), ("npm_config_fund", "false"), ("npm_config_audit", "false")),
            PassEnvironment = ["NODE_EXTRA_CA_CERTS", "NVM_BIN"],
            Programs = ["node", "npm", "npx", "yarn", "pnpm"],
            Describes = "~/.nvm when it exists",
        },
        new("rust")
        {
            MarkerFiles = ["Cargo.toml", "rust-toolchain", "rust-toolchain.toml"],
            Paths = RustPaths,
            PassEnvironment = ["RUSTUP_TOOLCHAIN", "RUSTUP_AUTO_INSTALL"],
            Programs = ["cargo", "rustc", "rustup", "rustfmt"],
            Describes = "~/.cargo and ~/.rustup",
        },
        new("java")
        {
            MarkerFiles = ["pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "mvnw", "gradlew"],
            Paths = JavaPaths,
            PassEnvironment = ["JAVA_HOME"],
            Programs = ["java", "javac", "mvn", "gradle"],
            Describes = "~/.m2/repository and ~/.gradle/caches",
        },
        new("go")
        {
            MarkerFiles = ["go.mod", "go.work"],
            Paths = GoPaths,
            Environment = Variables(("GOTOOLCHAIN", "local"), ("GOTELEMETRY", "off")),
            Programs = ["go", "gofmt"],
            Describes = "~/go/pkg/mod (and GOROOT when it is in a hidden folder)",
        },
    ];

    /// <summary>The preset of this name, or null.</summary>
    public static ToolchainPreset? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The preset that brings this program, or null.</summary>
    public static ToolchainPreset? Bringing(string program) =>
        All.FirstOrDefault(p => p.Programs.Contains(program, StringComparer.Ordinal));

    /// <summary>The presets whose marker files are in the workspace's top folder.</summary>
    public static IEnumerable<ToolchainPreset> Detect(string workspace)
    {
        HashSet<string> names;
        try
        {
            names = Directory.EnumerateFileSystemEntries(workspace).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        return All.Where(p => p.MarkerFiles.Any(names.Contains)
            || names.Any(n => p.MarkerExtensions.Any(e => n.EndsWith(e, StringComparison.OrdinalIgnoreCase))));
    }

    private static Dictionary<string, string> Variables(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static IEnumerable<ToolchainPath> DotnetPaths(ToolchainHost host)
    {
        var packages = host.Variable("NUGET_PACKAGES") ?? host.InHome(".nuget/packages");
        yield return new ToolchainPath(packages) { Environment = Variables(("NUGET_PACKAGES", packages)) };
        var root = host.Variable("DOTNET_ROOT") ?? host.ProgramFolder("dotnet");
        if (root is not null)
        {
            yield return new ToolchainPath(root) { Environment = Variables(("DOTNET_ROOT", root)), Bin = ["."] };
        }

        yield return new ToolchainPath(host.InHome(".dotnet/tools")) { Optional = true, Bin = ["."] };
    }

    private static IEnumerable<ToolchainPath> PythonPaths(ToolchainHost host)
    {
        var pyenv = host.Variable("PYENV_ROOT") ?? host.InHome(".pyenv");
        yield return new ToolchainPath(pyenv)
        {
            Environment = Variables(("PYENV_ROOT", pyenv)),
            Bin = ["plugins/pyenv-virtualenv/shims", "shims", "bin"],
        };
        var userBase = host.Variable("PYTHONUSERBASE") ?? host.InHome(".local");
        var lib = Path.Join(userBase, "lib");
        var versions = Directory.Exists(lib) ? Directory.EnumerateDirectories(lib, "python*").Order(StringComparer.Ordinal).ToList() : [];
        foreach (var version in versions)
        {
            yield return new ToolchainPath(version) { Environment = Variables(("PYTHONUSERBASE", userBase)) };
        }
    }

    private static IEnumerable<ToolchainPath> NodePaths(ToolchainHost host)
    {
        // Not ~/.npm: npm writes its cache even when it only reads from it, so a read-only cache breaks every
        // install. npm keeps its cache in the command's private /tmp; the setup step fills node_modules.
        var nvm = host.Variable("NVM_DIR") ?? host.InHome(".nvm");
        yield return new ToolchainPath(nvm) { Optional = true, Environment = Variables(("NVM_DIR", nvm)) };
    }

    private static IEnumerable<ToolchainPath> RustPaths(ToolchainHost host)
    {
        var cargo = host.Variable("CARGO_HOME") ?? host.InHome(".cargo");
        yield return new ToolchainPath(cargo) { Environment = Variables(("CARGO_HOME", cargo)), Bin = ["bin"] };
        var rustup = host.Variable("RUSTUP_HOME") ?? host.InHome(".rustup");
        yield return new ToolchainPath(rustup) { Environment = Variables(("RUSTUP_HOME", rustup)) };
    }

    private static IEnumerable<ToolchainPath> JavaPaths(ToolchainHost host)
    {
        var m2 = host.InHome(".m2/repository");
        yield return new ToolchainPath(m2) { Environment = Variables(("MAVEN_OPTS", $"-Dmaven.repo.local={m2}")) };
        // Gradle reads a dependency cache it must not write through GRADLE_RO_DEP_CACHE.
        var gradle = Path.Join(host.Variable("GRADLE_USER_HOME") ?? host.InHome(".gradle"), "caches");
        yield return new ToolchainPath(gradle) { Environment = Variables(("GRADLE_RO_DEP_CACHE", gradle)) };
        if (host.Variable("JAVA_HOME") is { } javaHome)
        {
            yield return new ToolchainPath(javaHome) { Environment = Variables(("JAVA_HOME", javaHome)), Bin = ["bin"] };
        }
    }

    private static IEnumerable<ToolchainPath> GoPaths(ToolchainHost host)
    {
        var gopath = host.Variable("GOPATH") ?? host.InHome("go");
        var modules = host.Variable("GOMODCACHE") ?? Path.Join(gopath, "pkg/mod");
        yield return new ToolchainPath(modules) { Environment = Variables(("GOMODCACHE", modules)) };
        yield return new ToolchainPath(Path.Join(gopath, "bin")) { Optional = true, Bin = ["."] };
        var goroot = host.Variable("GOROOT") ?? (host.ProgramFolder("go") is { } bin ? Path.GetDirectoryName(bin) : null);
        if (goroot is not null)
        {
            yield return new ToolchainPath(goroot) { Environment = Variables(("GOROOT", goroot)), Bin = ["bin"] };
        }
    }
}
