namespace Leviathan.Tools.Sandbox;

/// <summary>
/// bubblewrap: the host file system read-only, the workspace the only writable path, private
/// <c>/tmp</c>, home directories and runtime sockets hidden, new PID, IPC, UTS, user and network
/// namespaces (the network only when granted), every capability dropped.
/// </summary>
internal sealed class BubblewrapSandbox : ISandbox
{
    public const string InstallHint = "sudo apt-get install -y bubblewrap";

    private readonly SandboxOptions _options;
    private readonly string _bwrap;

    /// <exception cref="SandboxUnavailableException">bwrap is not installed.</exception>
    public BubblewrapSandbox(SandboxOptions options)
    {
        _options = options;
        var host = SandboxEnvironment.Host(options);
        _bwrap = ExecutableSearch.Find(options.BwrapProgram, host.GetValueOrDefault("PATH"))
            ?? throw new SandboxUnavailableException(
                $"The bubblewrap sandbox needs '{options.BwrapProgram}', which is not installed (not found on PATH).",
                InstallHint);
    }

    public SandboxKind Kind => SandboxKind.Bubblewrap;

    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var workspace = SandboxPaths.Workspace(request);
        var workingDirectory = SandboxPaths.WorkingDirectory(request, workspace);
        var launch = new ConfinedLaunch(
            Arguments(request, workspace, workingDirectory),
            SandboxEnvironment.Build(_options, request, home: "/tmp"),
            workspace,
            request.Limits,
            request.Timeout)
        {
            UseCgroups = _options.Cgroups,
            CgroupParent = _options.CgroupParent,
        };
        var outcome = await ConfinedProcess.RunAsync(launch, _options.Time, cancellationToken).ConfigureAwait(false);
        return SandboxPaths.ToResult(Kind, request, outcome);
    }

    internal List<string> Arguments(SandboxRequest request, string workspace, string workingDirectory)
    {
        List<string> args =
        [
            _bwrap,
            "--unshare-all",
            "--die-with-parent",
            "--new-session",
            "--cap-drop", "ALL",
            "--ro-bind", "/", "/",
        ];
        if (request.Network)
        {
            args.Add("--share-net");
        }

        // A symbolic link (/var/run -> /run) is hidden with its target.
        var hidden = _options.HiddenDirectories.Where(IsRealDirectory).ToList();
        foreach (var dir in hidden.Concat(_options.PrivateDirectories.Where(IsRealDirectory)))
        {
            args.AddRange(["--tmpfs", dir]);
        }

        foreach (var file in _options.HiddenFiles)
        {
            if (File.Exists(file))
            {
                args.AddRange(["--ro-bind", "/dev/null", file]);
            }
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
            "--dev", "/dev",
            "--bind", workspace, workspace,
        ]);

        // Hidden directories turn read-only once the workspace is bound inside them, so that a
        // workspace under /home cannot write next to itself.
        foreach (var dir in hidden)
        {
            args.AddRange(["--remount-ro", dir]);
        }

        args.AddRange(
        [
            "--chdir", workingDirectory,
            "--",
        ]);
        args.AddRange(request.Arguments);
        return args;
    }

    private static bool IsRealDirectory(string path) => Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null;
}
