using System.Runtime.InteropServices;

namespace Leviathan.Simulation.Native;

/// <summary>
/// One-time set-up of MuJoCo in the current process: checks the library version and installs the
/// error and warning handlers. Only worker processes call this; the host never loads MuJoCo.
/// </summary>
internal static class MujocoRuntime
{
    public const int ExpectedVersion = 222;
    private static readonly Lock Gate = new();
    private static bool _initialized;

    /// <summary>Loads MuJoCo and the shim, checks <c>mj_version() == 222</c> and installs the handlers.</summary>
    /// <exception cref="SimulationException">MuJoCo or the shim is missing, or the version differs.</exception>
    public static void EnsureInitialized()
    {
        lock (Gate)
        {
            if (_initialized)
            {
                return;
            }

            int version;
            try
            {
                version = MujocoNative.mj_version();
            }
            catch (DllNotFoundException ex)
            {
                throw new SimulationException(
                    $"MuJoCo 2.2.2 ({MujocoNative.MujocoLibrary}) could not be loaded: {ex.Message}. Install it with scripts/setup.sh (apt package libmujoco-dev).",
                    ex);
            }

            if (version != ExpectedVersion)
            {
                throw new SimulationException(
                    $"MuJoCo version {version / 100}.{version / 10 % 10}.{version % 10} was loaded, but Leviathan needs 2.2.2 (mj_version() = {ExpectedVersion}). Install Debian's libmujoco-dev 2.2.2.");
            }

            try
            {
                MujocoNative.lev_install_handlers();
            }
            catch (DllNotFoundException ex)
            {
                throw new SimulationException(
                    $"Leviathan's MuJoCo shim (libleviathan_mj.so) could not be loaded next to {AppContext.BaseDirectory}: {ex.Message}. Rebuild Leviathan.Simulation with gcc and libmujoco-dev installed (scripts/setup.sh).",
                    ex);
            }

            _initialized = true;
        }
    }

    /// <summary>The warnings MuJoCo raised through its handler since the last call, and clears them.</summary>
    public static IReadOnlyList<string> DrainWarnings()
    {
        var total = MujocoNative.lev_warning_total();
        if (total == 0)
        {
            return [];
        }

        var list = new List<string>();
        for (var i = 0; i < total; i++)
        {
            var text = MujocoNative.lev_warning_text(i);
            if (text == 0)
            {
                list.Add($"{total - i} more MuJoCo warnings were raised");
                break;
            }

            list.Add(Marshal.PtrToStringUTF8(text) ?? string.Empty);
        }

        MujocoNative.lev_clear_warnings();
        return list;
    }
}
