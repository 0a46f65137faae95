using System.IO.Compression;
using Leviathan.Tools.Sandbox;
using Leviathan.Tools.Sandbox.Toolchains;

namespace Leviathan.Tools.Tests;

/// <summary>
/// Project toolchains in the real bubblewrap sandbox (as root where the tests run as root): presets mount the
/// host's pyenv, NuGet cache and so on read-only, set their variables and PATH, and hide credentials.
/// </summary>
public sealed class SandboxToolchainTests : IDisposable
{
    private readonly SandboxTestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task RunAsync_PythonProject_RunsPyenvPythonNotTheSystemOne()
    {
        var pyenv = HostPyenvVersion();
        pyenv.ShouldNotBeNull("pyenv with a selected version is part of this machine (scripts/setup.sh)");
        File.WriteAllText(Path.Combine(_ws.Workspace, "pyproject.toml"), "[project]\nname = \"demo\"\n");
        var sandbox = SandboxFactory.Create(new SandboxOptions { LeviathanHome = _ws.Home });

        var result = await sandbox.RunAsync(_ws.Shell("python3 --version; python3 -c 'import sys; print(sys.prefix)'; echo $PYENV_ROOT $PYTHONDONTWRITEBYTECODE"), CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        var lines = result.Stdout.Split('\n');
        lines[0].ShouldBe($"Python {pyenv}");
        lines[1].ShouldStartWith(Path.Combine(PyenvRoot(), "versions"));
        lines[2].ShouldBe($"{PyenvRoot()} 1");
    }

    [Fact]
    public async Task RunAsync_PresetMount_IsReadOnlyNosuidAndHidesCredentialsInside()
    {
        // A home folder of its own, hidden like /root, with a cargo folder that holds a registry token.
        var home = Path.Combine(_ws.Root, "userhome");
        var cargo = Path.Combine(home, ".cargo");
        Directory.CreateDirectory(Path.Combine(cargo, "bin"));
        File.WriteAllText(Path.Combine(cargo, "bin", "cargo"), "#!/bin/sh\necho fake cargo\n");
        File.SetUnixFileMode(Path.Combine(cargo, "bin", "cargo"), (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(cargo, "credentials.toml"), "[registry]\ntoken = \"secret-token\"\n");
        Directory.CreateDirectory(Path.Combine(home, ".ssh"));
        File.WriteAllText(Path.Combine(home, ".ssh", "id_ed25519"), "private key");
        var sandbox = SandboxFactory.Create(new SandboxOptions
        {
            LeviathanHome = _ws.Home,
            HiddenPaths = [home],
            Presets = ["rust"],
            HostEnvironment = new Dictionary<string, string?> { ["HOME"] = home, ["PATH"] = SandboxPathWith(Path.Combine(cargo, "bin")) },
        });

        var result = await sandbox.RunAsync(
            _ws.Shell($"cargo; echo \"$CARGO_HOME\"; cat {cargo}/credentials.toml; echo cred=$?; ls {home}/.ssh; echo ssh=$?; touch {cargo}/x; echo touch=$?; grep ' {cargo} ' /proc/self/mounts"),
            CancellationToken.None);

        result.Stdout.ShouldContain("fake cargo");
        result.Stdout.ShouldContain(cargo + "\n");
        result.Stdout.ShouldNotContain("secret-token");
        result.Stdout.ShouldNotContain("ssh=0");
        result.Stdout.ShouldNotContain("touch=0");
        result.Stdout.ShouldMatch(@"\sro,nosuid,nodev");
        File.Exists(Path.Combine(cargo, "x")).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_ProgramMissingInTheSandbox_Exits127AndNamesThePresetThatBringsIt()
    {
        var sandbox = SandboxFactory.Create(new SandboxOptions { LeviathanHome = _ws.Home, Presets = ["none"] });

        var direct = await sandbox.RunAsync(new SandboxRequest(_ws.Workspace, ["cargo", "build"]), CancellationToken.None);
        var shell = await sandbox.RunAsync(_ws.Shell("cargo build"), CancellationToken.None);

        direct.ExitCode.ShouldBe(127);
        direct.Stderr.ShouldNotContain("bwrap:");
        direct.Stderr.ShouldContain("cargo: not found in the sandbox");
        shell.ExitCode.ShouldBe(127);
        foreach (var result in new[] { direct, shell })
        {
            result.Notices.ShouldContain(n => n.Contains("the rust preset mounts ~/.cargo", StringComparison.Ordinal) && n.Contains("--preset rust", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Describe_MountsThatWouldExposeSecrets_AreRefusedByName()
    {
        var home = Path.Combine(_ws.Root, "userhome");
        Directory.CreateDirectory(Path.Combine(home, ".ssh"));
        Directory.CreateDirectory(_ws.Home);
        SandboxOptions With(SandboxMount mount) => new()
        {
            LeviathanHome = _ws.Home,
            Presets = ["none"],
            Mounts = [mount],
            HostEnvironment = new Dictionary<string, string?> { ["HOME"] = home, ["PATH"] = "/usr/bin:/bin" },
        };

        Should.Throw<ArgumentException>(() => SandboxToolchains.Describe(With(new SandboxMount(_ws.Root)), _ws.Workspace)).Message.ShouldContain("home folder");
        Should.Throw<ArgumentException>(() => SandboxToolchains.Describe(With(new SandboxMount(_ws.Home)), _ws.Workspace)).Message.ShouldContain("Leviathan home");
        Should.Throw<ArgumentException>(() => SandboxToolchains.Describe(With(new SandboxMount("~/.ssh")), _ws.Workspace)).Message.ShouldContain("credentials");
        Should.Throw<ArgumentException>(() => SandboxToolchains.Describe(With(new SandboxMount("/usr") { Writable = true }), _ws.Workspace)).Message.ShouldContain("system folder");
        Should.Throw<ArgumentException>(() => SandboxToolchains.Describe(With(new SandboxMount(_ws.Outside) { Target = _ws.Workspace }), _ws.Workspace)).Message.ShouldContain("workspace");
        Should.Throw<ArgumentException>(() => SandboxToolchains.Describe(With(new SandboxMount(Path.Combine(_ws.Root, "missing"))), _ws.Workspace)).Message.ShouldContain("missing' does not exist");
        SandboxToolchains.Describe(With(new SandboxMount(_ws.Outside) { Target = "/opt/outside" }), _ws.Workspace).ShouldBe("no presets; mounts: /opt/outside (ro)");
    }

    [Fact]
    public async Task RunAsync_ConfiguredMountUnderRoot_IsReadableByTheSandboxUserAndReadOnly()
    {
        var folder = Path.Combine(_ws.Root, "tools");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "tool.txt"), "tool data");
        var sandbox = SandboxFactory.Create(new SandboxOptions
        {
            LeviathanHome = _ws.Home,
            Presets = ["none"],
            // Shown inside /root, which the sandbox user cannot search: the launcher stages it before dropping root.
            Mounts = [new SandboxMount(folder) { Target = "/root/.tools" }],
        });

        var result = await sandbox.RunAsync(_ws.Shell("cat /root/.tools/tool.txt; echo; echo x > /root/.tools/new; echo write=$?"), CancellationToken.None);

        result.Stdout.ShouldContain("tool data");
        result.Stdout.ShouldNotContain("write=0");
        File.Exists(Path.Combine(folder, "new")).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_DotnetProjectRestoredInSetup_BuildsAndTestsOfflineAndShowsTheFailingTest()
    {
        // A library with a failing xunit test; packages from the machine's offline folder, the cache read-only.
        var ws = _ws.Workspace;
        // The project stands alone: no Directory.*.props of a folder above it (this repository's, in the tests).
        File.WriteAllText(Path.Combine(ws, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(ws, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(ws, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(ws, "nuget.config"), """
            <configuration>
              <packageSources><clear /><add key="offline" value="/opt/nuget/packages" /></packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(ws, "Calc.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><IsPackable>false</IsPackable></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(ws, "Calc.cs"), "public static class Calc { public static int Add(int a, int b) => a - b; }\n");
        File.WriteAllText(Path.Combine(ws, "CalcTests.cs"), "public class CalcTests { [Xunit.Fact] public void Add_TwoAndThree_IsFive() => Xunit.Assert.Equal(5, Calc.Add(2, 3)); }\n");
        var sandbox = SandboxFactory.Create(new SandboxOptions { LeviathanHome = _ws.Home });
        var limits = SandboxLimits.Default with { MemoryBytes = 3L << 30, MaxProcesses = 1024 };
        SandboxRequest Dotnet(string script, bool network) => _ws.Shell(script, TimeSpan.FromMinutes(8), limits, network);

        var setup = await sandbox.RunAsync(Dotnet("dotnet restore", network: true), CancellationToken.None);
        setup.ExitCode.ShouldBe(0, setup.Stdout + setup.Stderr);
        var failing = await sandbox.RunAsync(Dotnet("dotnet test --no-restore", network: false), CancellationToken.None);
        File.WriteAllText(Path.Combine(ws, "Calc.cs"), "public static class Calc { public static int Add(int a, int b) => a + b; }\n");
        var passing = await sandbox.RunAsync(Dotnet("dotnet test", network: false), CancellationToken.None);

        failing.ExitCode.ShouldNotBe(0);
        (failing.Stdout + failing.Stderr).ShouldContain("Add_TwoAndThree_IsFive");
        (failing.Stdout + failing.Stderr).ShouldNotContain("NETSDK1064");
        passing.ExitCode.ShouldBe(0, passing.Stdout + passing.Stderr);
        passing.Stdout.ShouldMatch(@"Passed!|passed|Passed:\s+1");
    }

    [Fact]
    public async Task RunAsync_PythonDependencyInstalledInSetup_ImportsOfflineWithPyenvPython()
    {
        var ws = _ws.Workspace;
        // A wheel built here (no PyPI on this machine): a zip with the module and its metadata.
        File.WriteAllText(Path.Combine(ws, "requirements.txt"), "./dep-1.0-py3-none-any.whl\n");
        using (var wheel = ZipFile.Open(Path.Combine(ws, "dep-1.0-py3-none-any.whl"), ZipArchiveMode.Create))
        {
            void Add(string name, string text)
            {
                using var writer = new StreamWriter(wheel.CreateEntry(name).Open());
                writer.Write(text);
            }

            Add("dep/__init__.py", "VALUE = 'from dep'\n");
            Add("dep-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: dep\nVersion: 1.0\n");
            Add("dep-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
            Add("dep-1.0.dist-info/RECORD", "dep/__init__.py,,\ndep-1.0.dist-info/METADATA,,\ndep-1.0.dist-info/WHEEL,,\ndep-1.0.dist-info/RECORD,,\n");
        }

        var sandbox = SandboxFactory.Create(new SandboxOptions { LeviathanHome = _ws.Home });

        var setup = await sandbox.RunAsync(
            _ws.Shell("python3 -m venv .venv && .venv/bin/pip install -q --no-index -r requirements.txt", TimeSpan.FromMinutes(4), network: true),
            CancellationToken.None);
        var work = await sandbox.RunAsync(_ws.Shell(".venv/bin/python --version; .venv/bin/python -c 'import dep; print(dep.VALUE)'"), CancellationToken.None);

        setup.ExitCode.ShouldBe(0, setup.Stdout + setup.Stderr);
        work.ExitCode.ShouldBe(0, work.Stderr);
        work.Stdout.ShouldBe($"Python {HostPyenvVersion()}\nfrom dep\n");
    }

    [Fact]
    public async Task RunAsync_NodePackageInstalledWithNpmCiInSetup_RunsOffline()
    {
        var ws = _ws.Workspace;
        Directory.CreateDirectory(Path.Combine(ws, "dep"));
        File.WriteAllText(Path.Combine(ws, "dep", "package.json"), """{ "name": "dep", "version": "1.0.0", "main": "index.js" }""");
        File.WriteAllText(Path.Combine(ws, "dep", "index.js"), "module.exports = 'from dep';\n");
        File.WriteAllText(Path.Combine(ws, "package.json"), """{ "name": "app", "version": "1.0.0", "dependencies": { "dep": "file:dep" } }""");
        File.WriteAllText(Path.Combine(ws, "package-lock.json"), """
            {
              "name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
              "packages": {
                "": { "name": "app", "version": "1.0.0", "dependencies": { "dep": "file:dep" } },
                "dep": { "version": "1.0.0" },
                "node_modules/dep": { "resolved": "dep", "link": true }
              }
            }
            """);
        var sandbox = SandboxFactory.Create(new SandboxOptions { LeviathanHome = _ws.Home });

        var setup = await sandbox.RunAsync(_ws.Shell("npm ci", TimeSpan.FromMinutes(4), network: true), CancellationToken.None);
        var work = await sandbox.RunAsync(_ws.Shell("node -e \"console.log(require('dep'))\""), CancellationToken.None);

        setup.ExitCode.ShouldBe(0, setup.Stdout + setup.Stderr);
        work.ExitCode.ShouldBe(0, work.Stderr);
        work.Stdout.ShouldBe("from dep\n");
    }

    [Fact]
    public async Task RunAsync_PodmanWithThePythonPreset_RunsPyenvPythonFromAReadOnlyVolume()
    {
        var pyenv = HostPyenvVersion();
        pyenv.ShouldNotBeNull("pyenv with a selected version is part of this machine (scripts/setup.sh)");
        File.WriteAllText(Path.Combine(_ws.Workspace, "requirements.txt"), string.Empty);
        var sandbox = SandboxFactory.Create(new SandboxOptions { Kind = SandboxKind.Podman, LeviathanHome = _ws.Home });

        var result = await sandbox.RunAsync(
            _ws.Shell($"python3 --version; touch {PyenvRoot()}/x; echo touch=$?", TimeSpan.FromMinutes(2)),
            CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldStartWith($"Python {pyenv}\n");
        result.Stdout.ShouldNotContain("touch=0");
        File.Exists(Path.Combine(PyenvRoot(), "x")).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_ContainerfileAsTheImage_IsBuiltOnceAndUsed()
    {
        // There is no registry here: the project's image starts from the locally built one.
        var containerfile = Path.Combine(_ws.Outside, "Containerfile");
        var marker = Guid.NewGuid().ToString("N");
        File.WriteAllText(containerfile, $"FROM {SandboxOptions.DefaultPodmanImage}\nRUN echo {marker} > /project-image.txt\n");
        var sandbox = SandboxFactory.Create(new SandboxOptions { Kind = SandboxKind.Podman, LeviathanHome = _ws.Home, PodmanImage = containerfile, Presets = ["none"] });
        var tag = PodmanImageBuilder.TagOf(containerfile);
        try
        {
            var first = await sandbox.RunAsync(_ws.Shell("cat /project-image.txt", TimeSpan.FromMinutes(3)), CancellationToken.None);
            var created = await PodmanAsync("image", "inspect", "--format", "{{.Created}}", tag);
            var second = await SandboxFactory.Create(new SandboxOptions { Kind = SandboxKind.Podman, LeviathanHome = _ws.Home, PodmanImage = containerfile, Presets = ["none"] })
                .RunAsync(_ws.Shell("cat /project-image.txt", TimeSpan.FromMinutes(3)), CancellationToken.None);

            first.ExitCode.ShouldBe(0, first.Stderr);
            first.Stdout.ShouldBe(marker + "\n");
            second.Stdout.ShouldBe(marker + "\n");
            (await PodmanAsync("image", "inspect", "--format", "{{.Created}}", tag)).ShouldBe(created);
        }
        finally
        {
            await PodmanAsync("rmi", "--force", tag);
        }
    }

    private static async Task<string> PodmanAsync(params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    private static string PyenvRoot() => Environment.GetEnvironmentVariable("PYENV_ROOT") is { Length: > 0 } root ? root : Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".pyenv");

    private static string? HostPyenvVersion()
    {
        var file = Path.Combine(PyenvRoot(), "version");
        return File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } version && Directory.Exists(Path.Combine(PyenvRoot(), "versions", version)) ? version : null;
    }

    private static string SandboxPathWith(string folder) => $"{folder}:{SandboxEnvironment.DefaultPath}";
}
