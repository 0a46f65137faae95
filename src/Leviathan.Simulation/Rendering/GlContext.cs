using System.Runtime.InteropServices;
using System.Text;
using Leviathan.Simulation.Native;

namespace Leviathan.Simulation.Rendering;

/// <summary>
/// The worker's one OpenGL context (EGL, Mesa's surfaceless platform), made on the first render. A failure is
/// kept: the machine lacks something a retry in the same process cannot fix.
/// </summary>
internal static class GlContext
{
    /// <summary>What to install when the context cannot be made.</summary>
    public const string InstallHint = "install the EGL and Mesa OpenGL libraries with scripts/setup.sh (apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri)";

    private static readonly Lock Gate = new();
    private static bool _tried;
    private static string? _failure;

    /// <summary>Makes the context once; null when it is ready, else why it cannot be.</summary>
    public static unsafe string? EnsureCreated()
    {
        lock (Gate)
        {
            if (_tried)
            {
                return _failure;
            }

            _tried = true;
            const int size = 1024;
            var buffer = stackalloc byte[size];
            buffer[0] = 0;
            try
            {
                if (RenderNative.lev_gl_init(buffer, size) != 0)
                {
                    var reason = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(buffer));
                    _failure = $"no OpenGL context for rendering: {reason}; {InstallHint}";
                }
            }
            catch (DllNotFoundException ex)
            {
                _failure = $"the renderer library (libleviathan_render.so, which needs libEGL.so.1) could not be loaded: {ex.Message}; {InstallHint}, then rebuild Leviathan.Simulation";
            }

            return _failure;
        }
    }
}
