using System.Runtime.InteropServices;

namespace Leviathan.Simulation.Native;

/// <summary>
/// P/Invoke declarations: MuJoCo's C API (loaded by its exact soname, so another MuJoCo version on the
/// machine is never picked up) and Leviathan's shim for struct fields (Native/shim.c).
/// </summary>
internal static unsafe partial class MujocoNative
{
    public const string MujocoLibrary = "libmujoco.so.2.2.2";
    public const string ShimLibrary = "leviathan_mj";

    public const int ObjBody = 1;
    public const int ObjJoint = 3;
    public const int ObjGeom = 5;
    public const int ObjSite = 6;
    public const int ObjActuator = 18;

    public const int WarnContactFull = 1;
    public const int WarnConstraintFull = 2;
    public const int WarnBadQpos = 4;
    public const int WarnBadQvel = 5;
    public const int WarnBadQacc = 6;

    [LibraryImport(MujocoLibrary)]
    public static partial int mj_version();

    [LibraryImport(MujocoLibrary, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint mj_loadXML(string filename, nint vfs, byte* error, int errorSize);

    [LibraryImport(MujocoLibrary)]
    public static partial nint mj_makeData(nint model);

    [LibraryImport(MujocoLibrary)]
    public static partial void mj_deleteModel(nint model);

    [LibraryImport(MujocoLibrary)]
    public static partial void mj_deleteData(nint data);

    [LibraryImport(MujocoLibrary)]
    public static partial void mj_step(nint model, nint data);

    [LibraryImport(MujocoLibrary)]
    public static partial void mj_forward(nint model, nint data);

    [LibraryImport(MujocoLibrary)]
    public static partial void mj_resetData(nint model, nint data);

    [LibraryImport(MujocoLibrary)]
    public static partial void mj_kinematics(nint model, nint data);

    [LibraryImport(MujocoLibrary, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mj_name2id(nint model, int type, string name);

    [LibraryImport(MujocoLibrary)]
    public static partial nint mj_id2name(nint model, int type, int id);

    [LibraryImport(ShimLibrary)]
    public static partial void lev_install_handlers();

    [LibraryImport(ShimLibrary)]
    public static partial int lev_fatal_exit_code();

    [LibraryImport(ShimLibrary)]
    public static partial int lev_warning_total();

    [LibraryImport(ShimLibrary)]
    public static partial nint lev_warning_text(int index);

    [LibraryImport(ShimLibrary)]
    public static partial void lev_clear_warnings();

    [LibraryImport(ShimLibrary)]
    public static partial int lev_protect_stdout();

    [LibraryImport(ShimLibrary, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void lev_raise_error(string message);

    [LibraryImport(ShimLibrary, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint lev_load_xml_text(string text, string virtualPath, byte* error, int errorSize);

    [LibraryImport(ShimLibrary, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint lev_load_xml_text_files(string text, string virtualPath, int files, byte* names, byte* data, int* sizes, byte* error, int errorSize);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_nq(nint model);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_nv(nint model);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_nu(nint model);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_nbody(nint model);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_njnt(nint model);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_ngeom(nint model);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_nsite(nint model);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_nmocap(nint model);

    [LibraryImport(ShimLibrary)]
    public static partial double lev_timestep(nint model);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_geom_bodyid(nint model, int geom);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_actuator_ctrllimited(nint model, int actuator);

    [LibraryImport(ShimLibrary)]
    public static partial double lev_actuator_ctrl_min(nint model, int actuator);

    [LibraryImport(ShimLibrary)]
    public static partial double lev_actuator_ctrl_max(nint model, int actuator);

    [LibraryImport(ShimLibrary)]
    public static partial double* lev_time(nint data);

    [LibraryImport(ShimLibrary)]
    public static partial double* lev_qpos(nint data);

    [LibraryImport(ShimLibrary)]
    public static partial double* lev_qvel(nint data);

    [LibraryImport(ShimLibrary)]
    public static partial double* lev_qacc(nint data);

    [LibraryImport(ShimLibrary)]
    public static partial double* lev_ctrl(nint data);

    [LibraryImport(ShimLibrary)]
    public static partial double* lev_xpos(nint data);

    [LibraryImport(ShimLibrary)]
    public static partial double* lev_xquat(nint data);

    [LibraryImport(ShimLibrary)]
    public static partial double* lev_site_xpos(nint data);

    [LibraryImport(ShimLibrary)]
    public static partial int* lev_ncon(nint data);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_nwarning_kinds();

    [LibraryImport(ShimLibrary)]
    public static partial int* lev_warning_stats(nint data);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_step_checked(nint model, nint data, int steps, double maxSpeed, out int why, out double speed, double* forceStats);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_force_stats_width();

    [LibraryImport(ShimLibrary)]
    public static partial int lev_actuator_forcelimited(nint model, int actuator);

    [LibraryImport(ShimLibrary)]
    public static partial double lev_actuator_force_min(nint model, int actuator);

    [LibraryImport(ShimLibrary)]
    public static partial double lev_actuator_force_max(nint model, int actuator);

    [LibraryImport(ShimLibrary)]
    public static partial double* lev_actuator_force(nint data);

    [LibraryImport(ShimLibrary)]
    public static partial double lev_thread_cpu_seconds();

    [LibraryImport(ShimLibrary)]
    public static partial int lev_contact(nint data, int index, out double dist, out int geom1, out int geom2, out int exclude);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_geom_type(nint model, int geom);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_geom_dataid(nint model, int geom);

    [LibraryImport(ShimLibrary)]
    public static partial void lev_geom_frame(nint model, nint data, int geom, double* size, double* pos, double* mat);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_mesh_vertnum(nint model, int mesh);

    [LibraryImport(ShimLibrary)]
    public static partial void lev_mesh_verts(nint model, int mesh, double* output);

    [LibraryImport(ShimLibrary)]
    public static partial int lev_mesh_collision_faces(nint model, int mesh, int* output, int capacity);
}
