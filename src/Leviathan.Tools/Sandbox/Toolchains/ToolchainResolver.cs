namespace Leviathan.Tools.Sandbox.Toolchains;

/// <summary>
/// Turns the configured mounts and presets into what one workspace's commands see. Every mount is checked: it
/// must exist (a configured one is an error naming it; a preset's missing folder is skipped and said), it may not
/// be the home folder or above it, the Leviathan home (or inside or above it) or a credential folder, credential
/// files inside it stay hidden, and a writable one may not be a system folder.
/// </summary>
internal static class ToolchainResolver
{
    /// <summary>Paths in the user's home that hold keys, tokens or passwords: never mounted, hidden inside a mount.</summary>
    public static IReadOnlyList<string> CredentialPaths { get; } =
    [
        ".ssh", ".aws", ".azure", ".gnupg", ".kube", ".docker", ".netrc", ".npmrc", ".yarnrc", ".yarnrc.yml", ".pypirc",
        ".git-credentials", ".gitconfig", ".config/gh", ".config/gcloud", ".config/git", ".config/hub", ".config/containers",
        ".nuget/NuGet", ".local/share/NuGet", ".m2/settings.xml", ".m2/settings-security.xml", ".gradle/gradle.properties",
        ".cargo/credentials", ".cargo/credentials.toml", ".terraform.d", ".password-store", ".local/share/keyrings",
        ".config/pip", ".config/uv",
    ];

    /// <summary>The toolchain of one workspace (canonical path).</summary>
    /// <exception cref="ArgumentException">A configured mount is missing or refused, or a preset name is unknown.</exception>
    public static SandboxToolchain Resolve(SandboxOptions options, string workspace) =>
        options.Mounts.Count == 0 && options.Presets.Count == 0
            ? SandboxToolchain.Empty
            : Resolve(options, workspace, Presets(options.Presets, workspace));

    /// <summary>The toolchain of one workspace with these presets (already selected).</summary>
    /// <exception cref="ArgumentException">A configured mount is missing or refused.</exception>
    public static SandboxToolchain Resolve(SandboxOptions options, string workspace, IReadOnlyList<ToolchainPreset> presets)
    {

        var hostEnvironment = SandboxEnvironment.Host(options);
        var userHome = hostEnvironment.GetValueOrDefault("HOME") is { Length: > 0 } h && Path.IsPathRooted(h) ? h : "/nonexistent-home";
        var context = new Checks(options, workspace, userHome);
        var mounts = new List<ToolchainMount>();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var bins = new List<string>();
        var notices = new List<string>();

        foreach (var configured in options.Mounts)
        {
            var path = ExpandHome(configured.Path, userHome);
            var target = configured.Target is null ? path : ExpandHome(configured.Target, userHome);
            var refusal = context.Refusal(path, target, configured.Writable, out var mount);
            if (refusal is not null)
            {
                throw new ArgumentException($"The sandbox mount '{configured.Path}' {refusal}");
            }

            mounts.Add(mount!);
        }

        var host = new ToolchainHost(userHome, hostEnvironment);
        foreach (var preset in presets)
        {
            foreach (var (name, value) in preset.Environment)
            {
                environment[name] = value;
            }

            foreach (var name in preset.PassEnvironment)
            {
                if (host.Variable(name) is { } value)
                {
                    environment[name] = value;
                }
            }

            foreach (var toolchainPath in preset.Paths(host))
            {
                var path = Path.GetFullPath(toolchainPath.Path);
                if (!Path.Exists(path))
                {
                    if (toolchainPath.Optional)
                    {
                        continue;
                    }

                    notices.Add($"the {preset.Name} preset skips {path}: it does not exist on this machine");
                    continue;
                }

                if (context.IsHidden(WorkspaceGuard.RealPath(path)) && mounts.All(m => m.Target != path))
                {
                    var refusal = context.Refusal(path, path, writable: false, out var mount);
                    if (refusal is not null)
                    {
                        notices.Add($"the {preset.Name} preset skips {path}: it {refusal}");
                        continue;
                    }

                    mounts.Add(mount!);
                }

                foreach (var (name, value) in toolchainPath.Environment)
                {
                    environment[name] = value;
                }

                bins.AddRange(toolchainPath.Bin.Select(b => Path.GetFullPath(Path.Join(path, b))).Where(Directory.Exists));
            }
        }

        // Parents before children, so that a mount inside another one lands on top of it.
        mounts.Sort((a, b) => a.Target.Length.CompareTo(b.Target.Length));
        var hostPath = hostEnvironment.GetValueOrDefault("PATH") ?? SandboxEnvironment.DefaultPath;
        var visible = hostPath.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(entry => Path.IsPathRooted(entry) && (!context.IsHidden(entry) || mounts.Any(m => entry == m.Target || WorkspaceGuard.IsInside(m.Target, entry))));
        return new SandboxToolchain
        {
            Presets = [.. presets.Select(p => p.Name)],
            Mounts = mounts,
            Environment = environment,
            Path = string.Join(':', bins.Concat(visible).Distinct(StringComparer.Ordinal)),
            Notices = notices,
        };
    }

    /// <summary>The presets a list selects: names, <c>auto</c> (detected from the workspace's files) or <c>none</c>.</summary>
    /// <exception cref="ArgumentException">A name is not a preset.</exception>
    public static IReadOnlyList<ToolchainPreset> Presets(IReadOnlyList<string> names, string workspace)
    {
        var selected = new List<ToolchainPreset>();
        foreach (var name in names.Select(n => n.Trim()).Where(n => n.Length > 0))
        {
            if (string.Equals(name, ToolchainPresets.Auto, StringComparison.OrdinalIgnoreCase))
            {
                selected.AddRange(ToolchainPresets.Detect(workspace));
            }
            else if (!string.Equals(name, ToolchainPresets.NoPresets, StringComparison.OrdinalIgnoreCase))
            {
                selected.Add(ToolchainPresets.Find(name) ?? throw new ArgumentException(
                    $"'{name}' is not a sandbox preset; presets: {string.Join(", ", ToolchainPresets.All.Select(p => p.Name))}, {ToolchainPresets.Auto}, {ToolchainPresets.NoPresets}"));
            }
        }

        return [.. selected.Distinct()];
    }

    private static string ExpandHome(string path, string userHome) =>
        path == "~" ? userHome : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Join(userHome, path[2..]) : path;

    /// <summary>The rules one mount is checked against.</summary>
    private sealed class Checks
    {
        private readonly SandboxOptions _options;
        private readonly string _workspace;
        private readonly string _userHome;
        private readonly string? _leviathanHome;
        private readonly List<string> _hidden;
        private readonly List<string> _credentials;

        public Checks(SandboxOptions options, string workspace, string userHome)
        {
            _options = options;
            _workspace = workspace;
            _userHome = WorkspaceGuard.RealPath(userHome);
            _leviathanHome = string.IsNullOrEmpty(options.LeviathanHome) ? null : WorkspaceGuard.RealPath(options.LeviathanHome);
            _hidden = [.. options.HiddenDirectories.Concat(options.PrivateDirectories).Concat(options.HiddenPaths).Where(Path.IsPathRooted).Select(WorkspaceGuard.RealPath)];
            if (_leviathanHome is not null)
            {
                _hidden.Add(_leviathanHome);
            }

            _credentials = [.. CredentialPaths.Select(c => Path.Join(_userHome, c))];
        }

        /// <summary>Whether the sandbox does not show this host path (it lies in a hidden or private folder).</summary>
        public bool IsHidden(string path) => _hidden.Any(h => path == h || WorkspaceGuard.IsInside(h, path));

        /// <summary>Why the mount is refused ("does not exist", ...), or null with the checked mount.</summary>
        public string? Refusal(string path, string target, bool writable, out ToolchainMount? mount)
        {
            mount = null;
            if (!Path.IsPathRooted(path) || !Path.IsPathRooted(target))
            {
                return "is not an absolute path (give /path or ~/path)";
            }

            if (!Path.Exists(path))
            {
                return "does not exist; create it or remove the mount";
            }

            var source = WorkspaceGuard.RealPath(path);
            target = Path.GetFullPath(target);
            if (source == "/" || source == _userHome || WorkspaceGuard.IsInside(source, _userHome))
            {
                return $"is {(source == "/" ? "the root directory" : "the home folder or contains it")}, which holds keys and tokens; mount the toolchain folders inside it";
            }

            if (_leviathanHome is not null && (source == _leviathanHome || WorkspaceGuard.IsInside(source, _leviathanHome) || WorkspaceGuard.IsInside(_leviathanHome, source)))
            {
                return $"{(WorkspaceGuard.IsInside(source, _leviathanHome) ? "contains" : "is or is inside")} the Leviathan home '{_leviathanHome}' (run store, configuration, keys)";
            }

            if (_credentials.FirstOrDefault(c => source == c || WorkspaceGuard.IsInside(c, source)) is { } credential)
            {
                return $"is or is inside '{credential}', which holds credentials";
            }

            if (target == "/" || target == _workspace || WorkspaceGuard.IsInside(target, _workspace) || WorkspaceGuard.IsInside(_workspace, target))
            {
                return $"would be shown at '{target}', over the root or the workspace '{_workspace}'";
            }

            if (new[] { "/proc", "/sys", "/dev" }.Any(k => target == k || WorkspaceGuard.IsInside(k, target)))
            {
                return $"would be shown at '{target}', inside a kernel interface";
            }

            if (writable)
            {
                try
                {
                    WorkspaceGuard.Check(source, _options.LeviathanHome, _userHome, "writable mount");
                }
                catch (ArgumentException ex)
                {
                    return $"cannot be writable: {ex.Message}";
                }
            }

            // Credentials inside the mount stay hidden (a token in ~/.cargo/credentials.toml, say).
            var hidden = _credentials
                .Where(c => WorkspaceGuard.IsInside(source, c) && Path.Exists(c))
                .Select(c => Path.Join(target, Path.GetRelativePath(source, c)))
                .ToList();
            mount = new ToolchainMount(source, target, writable, hidden);
            return null;
        }
    }
}
