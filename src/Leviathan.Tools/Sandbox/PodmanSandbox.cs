using System.Diagnostics;
using System.Globalization;
using Leviathan.Tools.Sandbox.Toolchains;

namespace Leviathan.Tools.Sandbox;

/// <summary>
/// podman with runc: a container from a locally built image (see docs/sandbox.md), its root file
/// system read-only, the workspace mounted read-write (nosuid, nodev) at the same path and its <c>.git</c>
/// read-only, no network unless granted, every capability dropped, <c>no_new_privs</c>, a seccomp profile
/// that refuses set-user-ID files, and memory, CPU and process limits set on the container. Under root the
/// native launcher stages an idmapped workspace in a private mount namespace and the container runs as the
/// unprivileged <see cref="SandboxOptions.SandboxUid"/>: what it writes is stored as the invoking user. Without
/// root podman runs rootless, which maps the container's root to the invoking user.
/// </summary>
internal sealed class PodmanSandbox : ISandbox
{
    public const string InstallHint = "sudo apt-get install -y podman runc";
    public const string ImageHint = "build it once with: bash scripts/setup.d/50-podman-image.sh (debootstrap + podman import, about a minute)";

    private readonly SandboxOptions _options;
    private readonly string _podman;
    private readonly SandboxHostIdentity _identity = SandboxHostIdentity.Current;
    private readonly string? _launcher;
    private readonly HashSet<string> _checkedImages = new(StringComparer.Ordinal);
    private readonly ToolchainNoticeFilter _notices = new();
    private readonly ToolchainCache _toolchains = new();

    /// <exception cref="SandboxUnavailableException">podman is not installed.</exception>
    public PodmanSandbox(SandboxOptions options)
    {
        _options = options;
        var host = SandboxEnvironment.Host(options);
        _podman = ExecutableSearch.Find(options.PodmanProgram, host.GetValueOrDefault("PATH"))
            ?? throw new SandboxUnavailableException(
                $"The podman sandbox needs '{options.PodmanProgram}', which is not installed (not found on PATH).",
                InstallHint);
        _launcher = _identity.IsRoot ? SandboxLauncher.Find(options) : null;
        if (_identity.IsRoot && (options.SandboxUid == 0 || options.SandboxGid == 0))
        {
            throw new ArgumentException("The sandbox user and group must not be root (sandbox.uid / sandbox.gid).", nameof(options));
        }
    }

    public SandboxKind Kind => SandboxKind.Podman;

    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var workspace = SandboxPaths.Workspace(request, _options);
        var workingDirectory = SandboxPaths.WorkingDirectory(request, workspace);
        var image = request.Image ?? _options.PodmanImage;
        if (PodmanImageBuilder.IsContainerfile(image))
        {
            var tag = PodmanImageBuilder.TagOf(image);
            bool known;
            lock (_checkedImages)
            {
                known = _checkedImages.Contains(tag);
            }

            image = known ? tag : await PodmanImageBuilder.EnsureBuiltAsync(_podman, image, cancellationToken).ConfigureAwait(false);
        }

        await EnsureImageAsync(image, cancellationToken).ConfigureAwait(false);

        var name = $"leviathan-{Guid.NewGuid():N}";
        var toolchain = _toolchains.Resolve(_options, workspace);
        var environment = SandboxEnvironment.Build(_options, request, home: "/tmp", toolchain);
        var state = StateFolder();
        var launch = new ConfinedLaunch(
            Arguments(request, image, name, workspace, workingDirectory, environment, state, toolchain),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = SandboxEnvironment.Host(_options).GetValueOrDefault("PATH") ?? SandboxEnvironment.DefaultPath },
            workspace,
            request.Limits,
            request.Timeout)
        {
            // The container gets its own cgroup from podman, with the limits passed on its command line.
            UseCgroups = false,
            QuotaWorkspace = workspace,
            StartsWithLauncher = _launcher is not null,
            OnKill = () => PodmanAsync(["rm", "--force", "--time", "0", name], CancellationToken.None),
        };

        try
        {
            var outcome = await ConfinedProcess.RunAsync(launch, _options.Time, cancellationToken).ConfigureAwait(false);
            var oomKilled = await PodmanOutputAsync(["inspect", "--format", "{{.State.OOMKilled}}", name], CancellationToken.None).ConfigureAwait(false);
            if (oomKilled.Trim() == "true")
            {
                outcome = outcome with { LimitsHit = outcome.LimitsHit | SandboxLimitHit.Memory };
            }

            return MissingProgram.Explain(SandboxPaths.ToResult(Kind, request, outcome), _notices.Unsaid(toolchain));
        }
        finally
        {
            await PodmanAsync(["rm", "--force", "--time", "0", "--ignore", name], CancellationToken.None).ConfigureAwait(false);
        }
    }

    internal List<string> Arguments(
        SandboxRequest request,
        string image,
        string name,
        string workspace,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        string state,
        SandboxToolchain? toolchain = null)
    {
        toolchain ??= SandboxToolchain.Empty;
        var inv = CultureInfo.InvariantCulture;
        var limits = request.Limits;
        var gitPaths = request.GitWritable ? [] : SandboxGitProtection.ReadOnlyPaths(workspace);
        List<string> args = [];
        var source = workspace;
        if (_launcher is not null)
        {
            var stage = Path.Combine(state, "stage");
            Directory.CreateDirectory(stage);
            args.AddRange(
            [
                _launcher, "--pdeathsig",
                "--idmap", workspace, stage,
                _identity.Uid.ToString(inv), _identity.Gid.ToString(inv),
                _options.SandboxUid.ToString(inv), _options.SandboxGid.ToString(inv),
                "--keep-root",
            ]);
            foreach (var mount in toolchain.Mounts)
            {
                args.AddRange(["--mount", mount.Writable ? "rw" : "ro", mount.Source]);
            }

            args.Add("--");
            source = Path.Combine(stage, "ws");
        }

        args.AddRange(
        [
            _podman,
            // crun, podman's default here, cannot start containers on this kernel; runc can.
            "--runtime", "runc",
            "run",
            "--name", name,
            "--log-driver", "none",
            "--network", request.Network ? "host" : "none",
            "--read-only",
            "--tmpfs", "/tmp",
            "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges",
            "--security-opt", $"seccomp={PodmanSeccompProfile.Write(state)}",
            "--memory", limits.MemoryBytes.ToString(inv),
            "--memory-swap", limits.MemoryBytes.ToString(inv),
            "--pids-limit", limits.MaxProcesses.ToString(inv),
            "--cpus", limits.Cpus.ToString(inv),
            // runc cannot raise the host's nofile and nproc limits for the container: set ones it can.
            "--ulimit", "nofile=1024:1024",
            "--ulimit", "nproc=1000:1000",
            "--ulimit", string.Create(inv, $"cpu={limits.CpuSeconds}:{limits.CpuSeconds}"),
            "--ulimit", string.Create(inv, $"fsize={limits.MaxFileBytes}:{limits.MaxFileBytes}"),
            "--volume", $"{source}:{workspace}:rw,nosuid,nodev",
        ]);
        foreach (var git in gitPaths)
        {
            args.AddRange(["--volume", $"{Path.Join(source, git)}:{Path.Join(workspace, git)}:ro,nosuid,nodev"]);
        }

        // The image's /root is 0700 and runc keeps that mode on a tmpfs over it: under root, the launcher's empty
        // staged folder takes its place, so that the sandbox user reaches a mount below it. (Rootless, the
        // container's root is the user, who owns /root.)
        if (_launcher is not null)
        {
            foreach (var parent in _options.HiddenDirectories.Where(h => toolchain.Mounts.Any(m => m.Target.StartsWith(h + "/", StringComparison.Ordinal))))
            {
                args.AddRange(["--volume", $"{Path.Combine(state, "stage", "empty")}:{parent}:rw,nosuid,nodev"]);
            }
        }

        for (var i = 0; i < toolchain.Mounts.Count; i++)
        {
            var mount = toolchain.Mounts[i];
            var from = _launcher is not null ? Path.Combine(state, "stage", string.Create(inv, $"m{i}")) : mount.Source;
            args.AddRange(["--volume", $"{from}:{mount.Target}:{(mount.Writable ? "rw" : "ro")},nosuid,nodev"]);
            foreach (var secret in mount.Hidden)
            {
                args.AddRange(Directory.Exists(Path.Join(mount.Source, Path.GetRelativePath(mount.Target, secret)))
                    ? ["--tmpfs", $"{secret}:ro,size=4k"]
                    : ["--volume", $"/dev/null:{secret}:ro"]);
            }
        }

        if (_launcher is not null)
        {
            args.AddRange(["--user", string.Create(inv, $"{_options.SandboxUid}:{_options.SandboxGid}")]);
        }

        args.AddRange(["--workdir", workingDirectory]);
        foreach (var (key, value) in environment)
        {
            args.AddRange(["--env", $"{key}={value}"]);
        }

        args.Add(image);
        args.AddRange(request.Arguments);
        return args;
    }

    /// <summary>A folder only this user can reach, for the seccomp profile and the launcher's staging point.</summary>
    private string StateFolder()
    {
        var folder = _identity.IsRoot
            ? "/run/leviathan-sandbox"
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime ? runtime : Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"leviathan-sandbox-{_identity.Uid}"));
        var info = Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (info.LinkTarget is not null || (File.GetUnixFileMode(folder) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new SandboxUnavailableException($"The sandbox state folder {folder} is a symbolic link or writable by others.", $"remove {folder}; it is created again");
        }

        return folder;
    }

    private async Task EnsureImageAsync(string image, CancellationToken cancellationToken)
    {
        lock (_checkedImages)
        {
            if (_checkedImages.Contains(image))
            {
                return;
            }
        }

        var (exitCode, _) = await PodmanRawAsync(["image", "exists", image], cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new SandboxUnavailableException(
                $"The podman image '{image}' does not exist on this machine (images are built locally; there is no registry).",
                ImageHint);
        }

        lock (_checkedImages)
        {
            _checkedImages.Add(image);
        }
    }

    private async Task PodmanAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        await PodmanRawAsync(arguments, cancellationToken).ConfigureAwait(false);

    private async Task<string> PodmanOutputAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        (await PodmanRawAsync(arguments, cancellationToken).ConfigureAwait(false)).Output;

    private async Task<(int ExitCode, string Output)> PodmanRawAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(_podman)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await error.ConfigureAwait(false);
        return (process.ExitCode, await output.ConfigureAwait(false));
    }
}
