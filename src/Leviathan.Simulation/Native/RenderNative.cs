using System.Runtime.InteropServices;

namespace Leviathan.Simulation.Native;

/// <summary>P/Invoke declarations of the offscreen renderer (Native/render.c); loaded by worker processes that render.</summary>
internal static unsafe partial class RenderNative
{
    public const string RenderLibrary = "leviathan_render";

    [LibraryImport(RenderLibrary)]
    public static partial int lev_gl_init(byte* error, int errorSize);

    [LibraryImport(RenderLibrary)]
    public static partial int lev_scene_bounds(nint model, nint data, double* lo, double* hi);

    [LibraryImport(RenderLibrary)]
    public static partial double lev_model_fovy(nint model);

    [LibraryImport(RenderLibrary)]
    public static partial nint lev_renderer_new(nint model, int width, int height, byte* error, int errorSize);

    [LibraryImport(RenderLibrary)]
    public static partial void lev_renderer_camera(nint renderer, double* lookat, double distance, double azimuth, double elevation);

    [LibraryImport(RenderLibrary)]
    public static partial void lev_renderer_sun(nint renderer, double* centre, double extent);

    [LibraryImport(RenderLibrary)]
    public static partial void lev_renderer_frame(nint renderer, nint model, nint data, byte* rgb);

    [LibraryImport(RenderLibrary)]
    public static partial void lev_renderer_free(nint renderer);
}
