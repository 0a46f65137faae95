using System.Globalization;
using Leviathan.Tools.Sandbox.Toolchains;

namespace Leviathan.Tools.Sandbox;

/// <summary>
/// bubblewrap: the host file system read-only, the workspace the only writable path (its <c>.git</c> read-only),
/// private <c>/tmp</c>, home directories, runtime sockets and the Leviathan home hidden, new PID, IPC, UTS, user
/// and network namespaces (the network only when granted), every capability dropped, <c>no_new_privs</c>,
/// <c>nosuid</c> mounts and a seccomp filter. bubblewrap never runs as root: under root the native launcher
/// first idmaps the workspace (what the command writes is stored as the invoking user) and becomes the
/// unprivileged <see cref="SandboxOptions.SandboxUid"/>.
/// </summary>
internal sealed class BubblewrapSandbox : ISandbox
{
    public const string InstallHint = "sudo apt-get install -y bubblewrap";

    private readonly SandboxOptions _options;
    private readonly string _bwrap;
    private readonly string _launcher;
    private readonly SandboxHostIdentity _identity;
    private readonly SandboxReader _reader;
    private readonly ToolchainNoticeFilter _notices = new();
    private readonly ToolchainCache _toolchains = new();

    /// <exception cref="SandboxUnavailableException">bwrap or the launcher is missing.</exception>
    public BubblewrapSandbox(SandboxOptions options)
        : this(options, SandboxHostIdentity.Current)
    {
    }

    internal BubblewrapSandbox(SandboxOptions options, SandboxHostIdentity identity)
    {
        _options = options;
        _identity = identity;
        _reader = SandboxReader.For(identity, options);
        var host = SandboxEnvironment.Host(options);
        _bwrap = ExecutableSearch.Find(options.BwrapProgram, host.GetValueOrDefault("PATH"))
            ?? throw new SandboxUnavailableException(
                $"The bubblewrap sandbox needs '{options.BwrapProgram}', which is not installed (not found on PATH).",
                InstallHint);
        _launcher = SandboxLauncher.Find(options);
        if (identity.IsRoot && (options.SandboxUid == 0 || options.SandboxGid == 0))
        {
            throw new ArgumentException("The sandbox user and group must not be root (sandbox.uid / sandbox.gid).", nameof(options));
        }
    }

    public SandboxKind Kind => SandboxKind.Bubblewrap;

    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (launch, toolchain) = Launch(request, hold: false);
        var outcome = await ConfinedProcess.RunAsync(launch, _options.Time, cancellationToken).ConfigureAwait(false);
        return MissingProgram.Explain(SandboxPaths.ToResult(Kind, request, outcome), _notices.Unsaid(toolchain));
    }

    /// <summary>
    /// Makes the sandbox of a command that is coming (namespaces, mounts, filter, cgroups) and holds the command until
    /// <see cref="RunAsync(SandboxRequest, PreparedSandboxCommand, CancellationToken)"/>: the work of a sandbox's start is done
    /// while nothing waits for it.
    /// </summary>
    internal PreparedSandboxCommand Prepare(SandboxRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new PreparedSandboxCommand(request, Launch(request, hold: true).Launch, _options.Time);
    }

    /// <summary>
    /// Runs <paramref name="request"/> in <paramref name="prepared"/> when that sandbox is still exactly what the request
    /// needs now (the same command, environment and limits, and the same mounts: the workspace's toolchains and its
    /// <c>.git</c> may have changed since); otherwise gives it up and runs the request in a sandbox of its own.
    /// </summary>
    internal async Task<SandboxResult> RunAsync(SandboxRequest request, PreparedSandboxCommand prepared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(prepared);
        (ConfinedLaunch Launch, SandboxToolchain Toolchain) now;
        try
        {
            now = Launch(request, hold: true);
        }
        catch
        {
            await prepared.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (!prepared.Matches(now.Launch))
        {
            await prepared.DisposeAsync().ConfigureAwait(false);
            return await RunAsync(request, cancellationToken).ConfigureAwait(false);
        }

        await using (prepared.ConfigureAwait(false))
        {
            var outcome = await prepared.RunAsync(cancellationToken).ConfigureAwait(false);
            return MissingProgram.Explain(SandboxPaths.ToResult(Kind, request, outcome), _notices.Unsaid(now.Toolchain));
        }
    }

    private (ConfinedLaunch Launch, SandboxToolchain Toolchain) Launch(SandboxRequest request, bool hold)
    {
        var workspace = SandboxPaths.Workspace(request, _options);
        var workingDirectory = SandboxPaths.WorkingDirectory(request, workspace);
        var toolchain = _toolchains.Resolve(_options, workspace);
        var launch = new ConfinedLaunch(
            Arguments(request, workspace, workingDirectory, toolchain, hold),
            SandboxEnvironment.Build(_options, request, home: "/tmp", toolchain),
            workspace,
            request.Limits,
            request.Timeout)
        {
            UseCgroups = _options.Cgroups,
            CgroupParent = _options.CgroupParent,
            QuotaWorkspace = workspace,
            LauncherConfines = true,
        };
        return (launch, toolchain);
    }

    internal List<string> Arguments(SandboxRequest request, string workspace, string workingDirectory, SandboxToolchain? toolchain = null, bool hold = false)
    {
        toolchain ??= SandboxToolchain.Empty;
        var inv = CultureInfo.InvariantCulture;
        var gitPaths = request.GitWritable ? [] : SandboxGitProtection.ReadOnlyPaths(workspace);
        List<string> args = [_launcher, "--pdeathsig"];

        // The workspace as bubblewrap opens it: the idmapped copy the launcher stages under root (whose
        // ancestors need no search permission for the sandbox user), the workspace itself otherwise.
        var source = workspace;
        if (_identity.IsRoot)
        {
            args.AddRange(
            [
                "--idmap", workspace, SandboxLauncher.Stage,
                _identity.Uid.ToString(inv), _identity.Gid.ToString(inv),
                _options.SandboxUid.ToString(inv), _options.SandboxGid.ToString(inv),
                // A /dev made once by the launcher, for bubblewrap to bind in one mount (below).
                "--dev",
            ]);
            source = SandboxLauncher.StagedWorkspace;
            foreach (var mount in toolchain.Mounts)
            {
                // Staged before root is dropped: the sandbox user needs no search permission on /root or /home.
                args.AddRange(["--mount", mount.Writable ? "rw" : "ro", mount.Source]);
            }
        }

        args.AddRange(
        [
            "--seccomp",
            "--",
            _bwrap,
            "--unshare-all",
            "--unshare-user",
            "--disable-userns",
            // Inside, the command is who invoked Leviathan (root stays root in name only: no capabilities, another host uid).
            "--uid", _identity.Uid.ToString(inv),
            "--gid", _identity.Gid.ToString(inv),
            "--die-with-parent",
            "--new-session",
            "--cap-drop", "ALL",
            "--ro-bind", "/", "/",
        ]);
        if (request.Network)
        {
            args.Add("--share-net");
        }

        // A symbolic link (/var/run -> /run) is hidden with its target.
        var hidden = _options.HiddenDirectories.Where(IsRealDirectory).ToList();
        var hiddenPaths = HiddenPaths().ToList();
        if (_identity.IsRoot && ClosedAncestor(workspace, [.. hidden, .. _options.PrivateDirectories, .. hiddenPaths]) is { } closed)
        {
            // The sandbox user could not search it anyway: an empty folder in its place loses nothing, and lets
            // bubblewrap reach the workspace's mount point below it.
            hidden.Add(closed);
        }

        foreach (var dir in hidden.Concat(_options.PrivateDirectories.Where(IsRealDirectory)).Concat(hiddenPaths.Where(Directory.Exists)))
        {
            args.AddRange(["--tmpfs", dir]);
        }

        // A system secret the command could not read anyway (/etc/shadow is root's and the shadow group's; the command is
        // neither) is left as it is: each bind makes bubblewrap read the whole mount table again, about 0.2 ms of CPU per
        // file and command. The command still sees that the file exists, as any unprivileged user on the host does.
        foreach (var file in _options.HiddenFiles.Where(f => File.Exists(f) && !_reader.CannotRead(f)).Concat(hiddenPaths.Where(File.Exists)))
        {
            args.AddRange(["--ro-bind", "/dev/null", file]);
        }

        if (request.Network)
        {
            // With /run hidden, a resolv.conf that links into it would leave the command without DNS.
            var resolv = new FileInfo("/etc/resolv.conf").ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            if (resolv is not null && File.Exists(resolv) && resolv != "/etc/resolv.conf")
            {
                args.AddRange(["--ro-bind", resolv, resolv]);
            }
        }

        args.AddRange(
        [
            "--proc", "/proc",
            // bubblewrap's own --dev binds each device apart, and each bind reads the whole mount table again.
            .. (_identity.IsRoot ? (string[])["--dev-bind", SandboxLauncher.StagedDevices, "/dev"] : ["--dev", "/dev"]),
            // bubblewrap's own /dev/shm is not nosuid; this one is.
            "--perms", "1777", "--tmpfs", "/dev/shm",
            "--bind", source, workspace,
        ]);
        foreach (var git in gitPaths)
        {
            args.AddRange(["--ro-bind", Path.Join(source, git), Path.Join(workspace, git)]);
        }

        for (var i = 0; i < toolchain.Mounts.Count; i++)
        {
            var mount = toolchain.Mounts[i];
            var from = _identity.IsRoot ? string.Create(inv, $"{SandboxLauncher.Stage}/m{i}") : mount.Source;
            args.AddRange([mount.Writable ? "--bind" : "--ro-bind", from, mount.Target]);
            foreach (var secret in mount.Hidden)
            {
                args.AddRange(Directory.Exists(Path.Join(mount.Source, Path.GetRelativePath(mount.Target, secret)))
                    ? ["--tmpfs", secret, "--remount-ro", secret]
                    : ["--ro-bind", "/dev/null", secret]);
            }
        }

        // Hidden directories turn read-only once the workspace (or a toolchain) is bound inside them, so that a
        // workspace under /home cannot write next to itself. One that nothing is bound into stays an empty private
        // tmpfs, like the sandbox's own /tmp: what is written there never leaves the sandbox, and leaving it as it is
        // spares bubblewrap one more read of the whole mount table per command.
        string[] boundInside = [workspace, .. toolchain.Mounts.Select(m => m.Target)];
        foreach (var dir in hidden.Concat(hiddenPaths.Where(Directory.Exists)).Where(d => boundInside.Any(t => t == d || WorkspaceGuard.IsInside(d, t))))
        {
            args.AddRange(["--remount-ro", dir]);
        }

        args.AddRange(
        [
            "--chdir", workingDirectory,
            "--",
        ]);
        if (hold)
        {
            // Made ahead: a shell in the sandbox holds the command until the host's release line. Input closed without
            // one (the sandbox given up, or the host gone) ends it before the command ever runs.
            args.AddRange(["/bin/sh", "-c", HoldScript, "leviathan-hold"]);
        }

        args.AddRange(request.Arguments);
        return args;
    }

    /// <summary>What a sandbox made ahead runs first: one line on standard input releases the command, which then execs.</summary>
    internal const string HoldScript = "read -r release && [ \"$release\" = go ] || exit 125; exec \"$@\"";

    /// <summary>The real paths of the Leviathan home and the other configured hidden paths.</summary>
    private IEnumerable<string> HiddenPaths()
    {
        var paths = _options.HiddenPaths.AsEnumerable();
        if (!string.IsNullOrEmpty(_options.LeviathanHome))
        {
            paths = paths.Append(_options.LeviathanHome);
        }

        return paths
            .Where(Path.IsPathRooted)
            .Select(WorkspaceGuard.RealPath)
            .Where(p => p != "/")
            .Distinct(StringComparer.Ordinal);
    }

    /// <summary>The outermost ancestor of the workspace that others may not search, unless it lies in an already hidden folder.</summary>
    private static string? ClosedAncestor(string workspace, IReadOnlyList<string> covered)
    {
        var ancestor = Path.GetDirectoryName(workspace);
        var ancestors = new List<string>();
        while (ancestor is not null && ancestor != "/")
        {
            ancestors.Add(ancestor);
            ancestor = Path.GetDirectoryName(ancestor);
        }

        ancestors.Reverse();
        foreach (var dir in ancestors)
        {
            if (covered.Any(c => dir == c || WorkspaceGuard.IsInside(c, dir)))
            {
                return null;
            }

            if ((File.GetUnixFileMode(dir) & UnixFileMode.OtherExecute) == 0)
            {
                return dir;
            }
        }

        return null;
    }

    private static bool IsRealDirectory(string path) => Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null;
}
