using System.Runtime.InteropServices;
using System.Text;
using Leviathan.Simulation.Geometry;
using Leviathan.Simulation.Native;

namespace Leviathan.Simulation.Engine;

/// <summary>
/// A loaded mjModel with its mjData, in the current (worker) process. Field pointers are taken once:
/// MuJoCo allocates mjData's arrays in mj_makeData and never moves them.
/// </summary>
internal sealed unsafe class MujocoModel : IDisposable
{
    private const int ErrorBufferSize = 2048;

    private readonly CompiledModelCache.Entry? _cached;
    private nint _model;
    private nint _data;
    private readonly double* _time;
    private readonly double* _ctrl;
    private readonly double* _xpos;
    private readonly double* _xquat;
    private readonly int* _ncon;
    private readonly int* _warnings;

    private MujocoModel(nint model, nint data, CompiledModelCache.Entry? cached)
    {
        _cached = cached;
        _model = model;
        _data = data;
        Nq = MujocoNative.lev_nq(model);
        Nv = MujocoNative.lev_nv(model);
        Nu = MujocoNative.lev_nu(model);
        NBody = MujocoNative.lev_nbody(model);
        NJnt = MujocoNative.lev_njnt(model);
        NGeom = MujocoNative.lev_ngeom(model);
        NSite = MujocoNative.lev_nsite(model);
        NMocap = MujocoNative.lev_nmocap(model);
        Timestep = MujocoNative.lev_timestep(model);
        _time = MujocoNative.lev_time(data);
        _ctrl = MujocoNative.lev_ctrl(data);
        _xpos = MujocoNative.lev_xpos(data);
        _xquat = MujocoNative.lev_xquat(data);
        _ncon = MujocoNative.lev_ncon(data);
        _warnings = MujocoNative.lev_warning_stats(data);
    }

    public int Nq { get; }

    public int Nv { get; }

    public int Nu { get; }

    public int NBody { get; }

    public int NJnt { get; }

    public int NGeom { get; }

    public int NSite { get; }

    public int NMocap { get; }

    public double Timestep { get; }

    public double Time => *_time;

    /// <summary>The native mjModel (for the renderer, which reads it in place).</summary>
    public nint ModelHandle => _model;

    /// <summary>The native mjData (for the renderer).</summary>
    public nint DataHandle => _data;

    public int ContactCount => *_ncon;

    public Span<double> Ctrl => new(_ctrl, Nu);

    /// <summary>The joint velocities of the current state (read-only).</summary>
    public ReadOnlySpan<double> Qvel => new(MujocoNative.lev_qvel(_data), Nv);

    /// <summary>
    /// Loads a model from a file or from text, or takes the compiled model cached under <paramref name="cacheKey"/>;
    /// on failure returns null and MuJoCo's message.
    /// </summary>
    public static MujocoModel? Load(ModelSource source, string? cacheKey, out string error)
    {
        MujocoRuntime.EnsureInitialized();
        var cached = cacheKey is null ? null : CompiledModelCache.Rent(cacheKey);
        var compileError = string.Empty;
        var model = cached is not null ? cached.Model : Compile(source, out compileError);
        if (model == 0)
        {
            error = compileError.Length == 0 ? "MuJoCo could not load the model and gave no reason" : compileError;
            return null;
        }

        if (cached is null && cacheKey is not null)
        {
            cached = CompiledModelCache.Add(cacheKey, model);
        }

        var data = MujocoNative.mj_makeData(model);
        if (data == 0)
        {
            if (cached is null)
            {
                MujocoNative.mj_deleteModel(model);
            }
            else
            {
                cached.Return();
            }

            error = "MuJoCo could not allocate the model's data (mj_makeData returned NULL)";
            return null;
        }

        error = string.Empty;
        return new MujocoModel(model, data, cached);
    }

    private static nint Compile(ModelSource source, out string error)
    {
        var buffer = stackalloc byte[ErrorBufferSize];
        buffer[0] = 0;
        var model = source.Xml is null
            ? MujocoNative.mj_loadXML(source.Path ?? throw new ArgumentException("the model has neither a path nor text", nameof(source)), 0, buffer, ErrorBufferSize)
            : source.Files is { Count: > 0 } files
                ? LoadWithFiles(source.Xml, source.LoadPath, files, buffer)
                : MujocoNative.lev_load_xml_text(source.Xml, source.LoadPath, buffer, ErrorBufferSize);
        error = model == 0 ? Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(buffer)).Trim() : string.Empty;
        return model;
    }

    /// <summary>Loads MJCF text with the in-memory files in MuJoCo's virtual file system (names, contents, sizes packed for the shim).</summary>
    private static nint LoadWithFiles(string xml, string virtualPath, IReadOnlyDictionary<string, byte[]> files, byte* error)
    {
        var names = new List<byte>();
        var data = new List<byte>();
        var sizes = new int[files.Count];
        var i = 0;
        foreach (var (name, content) in files)
        {
            names.AddRange(Encoding.UTF8.GetBytes(name));
            names.Add(0);
            data.AddRange(content);
            sizes[i++] = content.Length;
        }

        var packedNames = names.ToArray();
        var packedData = data.ToArray();
        fixed (byte* n = packedNames)
        fixed (byte* d = packedData)
        fixed (int* s = sizes)
        {
            return MujocoNative.lev_load_xml_text_files(xml, virtualPath, files.Count, n, d, s, error, ErrorBufferSize);
        }
    }

    public void Forward() => MujocoNative.mj_forward(_model, _data);

    /// <summary>
    /// Steps up to <paramref name="steps"/> times in native code, stopping after a step that diverged.
    /// Returns the steps taken and why it stopped early.
    /// </summary>
    public int StepChecked(int steps, double maxSpeed, out StepStop stop, out double speed) =>
        StepChecked(steps, maxSpeed, [], out stop, out speed);

    /// <summary>
    /// As <see cref="StepChecked(int, double, out StepStop, out double)"/>, and updates the actuator force
    /// statistics in <paramref name="forceStats"/> after every step (empty: no tracking; else
    /// <see cref="ForceStatsWidth"/> values per actuator, laid out as the shim's lev_track_forces).
    /// </summary>
    public int StepChecked(int steps, double maxSpeed, Span<double> forceStats, out StepStop stop, out double speed)
    {
        if (forceStats.Length != 0 && forceStats.Length != Nu * ForceStatsWidth)
        {
            throw new ArgumentException($"force statistics need {Nu * ForceStatsWidth} values, not {forceStats.Length}", nameof(forceStats));
        }

        fixed (double* stats = forceStats)
        {
            var taken = MujocoNative.lev_step_checked(_model, _data, steps, maxSpeed, out var why, out speed, forceStats.Length == 0 ? null : stats);
            stop = (StepStop)why;
            return taken;
        }
    }

    /// <summary>Values per actuator in the force statistics buffer (the shim's LEV_FORCE_STATS, checked when a run starts).</summary>
    public const int ForceStatsWidth = 6;

    /// <summary>The actuator's force (or torque) range, when MuJoCo clamps its force to one.</summary>
    public (double Min, double Max)? ForceRange(int actuator) =>
        MujocoNative.lev_actuator_forcelimited(_model, actuator) != 0
            ? (MujocoNative.lev_actuator_force_min(_model, actuator), MujocoNative.lev_actuator_force_max(_model, actuator))
            : null;

    public void Kinematics() => MujocoNative.mj_kinematics(_model, _data);

    public void Reset() => MujocoNative.mj_resetData(_model, _data);

    /// <summary>How many times MuJoCo raised the warning kind (mjtWarning) since the last reset.</summary>
    public int WarningCount(int kind) => _warnings[(kind * 2) + 1];

    public int Id(int type, string name) => MujocoNative.mj_name2id(_model, type, name);

    public string? Name(int type, int id) => Marshal.PtrToStringUTF8(MujocoNative.mj_id2name(_model, type, id)) is { Length: > 0 } name ? name : null;

    public int GeomBody(int geom) => MujocoNative.lev_geom_bodyid(_model, geom);

    public (bool Limited, double Min, double Max) CtrlRange(int actuator) =>
        (MujocoNative.lev_actuator_ctrllimited(_model, actuator) != 0,
         MujocoNative.lev_actuator_ctrl_min(_model, actuator),
         MujocoNative.lev_actuator_ctrl_max(_model, actuator));

    public Vec3 BodyPosition(int body) => new(_xpos[3 * body], _xpos[(3 * body) + 1], _xpos[(3 * body) + 2]);

    public Quat BodyOrientation(int body) => new(_xquat[4 * body], _xquat[(4 * body) + 1], _xquat[(4 * body) + 2], _xquat[(4 * body) + 3]);

    public (double Dist, int Geom1, int Geom2, int Exclude) Contact(int index)
    {
        MujocoNative.lev_contact(_data, index, out var dist, out var g1, out var g2, out var exclude);
        return (dist, g1, g2, exclude);
    }

    /// <summary>MuJoCo's geom type of box (mjGEOM_BOX).</summary>
    public const int GeomBox = 6;

    /// <summary>MuJoCo's geom type of mesh (mjGEOM_MESH).</summary>
    public const int GeomMesh = 7;

    public int GeomType(int geom) => MujocoNative.lev_geom_type(_model, geom);

    /// <summary>
    /// The geom as a convex polytope at its current pose (after a forward pass): a box, or the convex hull MuJoCo
    /// collides a mesh as; null for other shapes.
    /// </summary>
    public ConvexSolid? Solid(int geom)
    {
        var type = GeomType(geom);
        if (type is not (GeomBox or GeomMesh))
        {
            return null;
        }

        Span<double> size = stackalloc double[3];
        Span<double> pos = stackalloc double[3];
        Span<double> mat = stackalloc double[9];
        fixed (double* sizePtr = size, posPtr = pos, matPtr = mat)
        {
            MujocoNative.lev_geom_frame(_model, _data, geom, sizePtr, posPtr, matPtr);
        }

        if (type == GeomBox)
        {
            return ConvexSolid.Box(pos, size, mat);
        }

        var mesh = MujocoNative.lev_geom_dataid(_model, geom);
        var vertices = new double[3 * MujocoNative.lev_mesh_vertnum(_model, mesh)];
        var count = MujocoNative.lev_mesh_collision_faces(_model, mesh, null, 0);
        var faces = new int[3 * count];
        fixed (double* v = vertices)
        fixed (int* f = faces)
        {
            MujocoNative.lev_mesh_verts(_model, mesh, v);
            MujocoNative.lev_mesh_collision_faces(_model, mesh, f, count);
        }

        return ConvexSolid.Mesh(vertices, faces, pos, mat);
    }

    /// <summary>A readable name for a geom: its name, else its index and its body's name.</summary>
    public string DescribeGeom(int geom)
    {
        if (Name(MujocoNative.ObjGeom, geom) is { } name)
        {
            return $"geom '{name}'";
        }

        var body = GeomBody(geom);
        var bodyName = body == 0 ? "world" : Name(MujocoNative.ObjBody, body) ?? $"#{body}";
        return $"geom #{geom} (unnamed, in body '{bodyName}')";
    }

    public void Dispose()
    {
        if (_data != 0)
        {
            MujocoNative.mj_deleteData(_data);
            _data = 0;
        }

        if (_model != 0)
        {
            if (_cached is null)
            {
                MujocoNative.mj_deleteModel(_model);
            }
            else
            {
                _cached.Return();
            }

            _model = 0;
        }
    }
}
