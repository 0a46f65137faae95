using System.Diagnostics;
using System.Globalization;
using Leviathan.Simulation.Engine;
using Leviathan.Simulation.Native;
using Leviathan.Simulation.Validation;

namespace Leviathan.Simulation.Running;

/// <summary>
/// One simulation inside a worker: applies controls, steps, watches for instability and samples the tracked
/// bodies. Runs to the end in one call (<see cref="Advance"/> with all steps) or in chunks for a controller.
/// </summary>
internal sealed class SimulationRun : IDisposable
{
    private readonly MujocoModel _model;
    private readonly SimulationRequest _request;
    private readonly Dictionary<string, int> _actuators;
    private readonly (int Actuator, ControlSignal Signal)[] _varying;
    private readonly int[] _bodyIds;
    private readonly string[] _bodyNames;
    private readonly int _samplePeriod;
    private readonly List<double> _sampleTimes = [];
    private readonly List<Vec3>[] _trajectories;
    private readonly List<ModelFinding> _warnings = [];
    private readonly HashSet<int> _clampWarned = [];
    private readonly Stopwatch _stepWatch = new();
    private readonly ActuatorForceTracker _forces;
    private readonly ContactRecorder? _contacts;
    private readonly StopWatcher? _stopWatcher;
    private SimulationStop? _stopped;
    private double _stepCpuSeconds;
    private SimulationInstability? _instability;
    private ModelFinding? _error;
    private int _step;
    private bool _varyingSettled;

    private SimulationRun(MujocoModel model, SimulationRequest request, Dictionary<string, int> actuators, int[] bodyIds, int[] contactBodyIds)
    {
        _contacts = contactBodyIds.Length == 0 ? null : new ContactRecorder(model, contactBodyIds);
        _model = model;
        _request = request;
        _actuators = actuators;
        _bodyIds = bodyIds;
        _bodyNames = [.. request.Bodies];
        _trajectories = [.. bodyIds.Select(_ => new List<Vec3>())];
        _forces = new ActuatorForceTracker(model);
        TotalSteps = request.Seconds <= 0 ? 0 : (int)Math.Ceiling((request.Seconds / model.Timestep) - 1e-9);
        if (request.StopWhen is { } rules)
        {
            _stopWatcher = new StopWatcher(rules, Array.IndexOf(_bodyNames, rules.Body), Math.Round(TotalSteps * model.Timestep, 12));
        }
        _samplePeriod = request.SampleRateHz <= 0 ? int.MaxValue : Math.Max(1, (int)Math.Round(1.0 / (request.SampleRateHz * model.Timestep)));

        var varying = new List<(int, ControlSignal)>();
        foreach (var (name, signal) in request.Controls)
        {
            var id = actuators[name];
            if (signal.IsConstant)
            {
                SetControl(id, signal.ValueAt(0));
            }
            else
            {
                varying.Add((id, signal));
            }
        }

        _varying = [.. varying];
    }

    public int TotalSteps { get; }

    /// <summary>The loaded model and its state (the renderer draws it between steps).</summary>
    public MujocoModel Model => _model;

    /// <summary>Steps taken so far.</summary>
    public int Step => _step;

    /// <summary>Loads the model and resolves names; null with the finding when that fails.</summary>
    public static SimulationRun? Open(SimulationRequest request, string? cacheKey, out ModelFinding? error)
    {
        // a request that omitted the collections deserializes them as null
        request = request with
        {
            Controls = request.Controls ?? new Dictionary<string, ControlSignal>(),
            Bodies = request.Bodies ?? [],
            ContactBodies = request.ContactBodies ?? [],
        };

        MujocoRuntime.DrainWarnings();
        var model = MujocoModel.Load(request.Model, cacheKey, out var loadError);
        if (model is null)
        {
            error = MujocoMessages.Classify(loadError);
            return null;
        }

        var actuators = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in request.Controls.Keys)
        {
            var id = model.Id(MujocoNative.ObjActuator, name);
            if (id < 0)
            {
                error = Unknown(model, "actuator", name, MujocoNative.ObjActuator, model.Nu);
                model.Dispose();
                return null;
            }

            actuators[name] = id;
        }

        var bodies = new int[request.Bodies.Count];
        for (var i = 0; i < bodies.Length; i++)
        {
            bodies[i] = model.Id(MujocoNative.ObjBody, request.Bodies[i]);
            if (bodies[i] < 0)
            {
                error = Unknown(model, "body", request.Bodies[i], MujocoNative.ObjBody, model.NBody);
                model.Dispose();
                return null;
            }
        }

        var contactBodies = new int[request.ContactBodies.Count];
        for (var i = 0; i < contactBodies.Length; i++)
        {
            contactBodies[i] = model.Id(MujocoNative.ObjBody, request.ContactBodies[i]);
            if (contactBodies[i] < 0)
            {
                error = Unknown(model, "body", request.ContactBodies[i], MujocoNative.ObjBody, model.NBody);
                model.Dispose();
                return null;
            }
        }

        error = null;
        var run = new SimulationRun(model, request, actuators, bodies, contactBodies);
        run.ApplyVaryingControls();
        model.Forward();
        run.Sample();
        run.Watch();
        return run;
    }

    /// <summary>Steps up to <paramref name="steps"/> times (never past the end), after applying <paramref name="set"/>.</summary>
    public AdvanceOutcome Advance(int steps, IReadOnlyDictionary<string, double>? set)
    {
        if (set is not null && _error is null)
        {
            foreach (var (name, value) in set)
            {
                if (!_actuators.TryGetValue(name, out var id))
                {
                    id = _model.Id(MujocoNative.ObjActuator, name);
                    if (id < 0)
                    {
                        _error = Unknown(_model, "actuator", name, MujocoNative.ObjActuator, _model.Nu);
                        break;
                    }

                    _actuators[name] = id;
                }

                SetControl(id, value);
                for (var v = 0; v < _varying.Length; v++)
                {
                    if (_varying[v].Actuator == id)
                    {
                        _varying[v] = (-1, _varying[v].Signal);
                    }
                }
            }
        }

        var end = Math.Min(TotalSteps, _step + Math.Max(0, steps));
        _stepWatch.Start();
        var cpuStart = MujocoNative.lev_thread_cpu_seconds();
        while (_step < end && _instability is null && _error is null && _stopped is null)
        {
            // time-varying controls need a value before every step, until they have all settled (a ramp past its last
            // keyframe); otherwise step natively up to the next sample, with the values set once
            var untilSample = _samplePeriod - (_step % _samplePeriod);
            var chunk = _varying.Length > 0 && !VaryingSettled() ? 1 : Math.Min(end - _step, untilSample);
            ApplyVaryingControls();
            _step += _model.StepChecked(chunk, _request.MaxSpeed, _forces.Buffer, out var stop, out var speed);
            if (stop != StepStop.None)
            {
                var finding = ModelChecker.Instability(_model, stop, speed, _step, _request.MaxSpeed);
                _instability = new SimulationInstability(_step, _step * _model.Timestep, finding.Message);
                break;
            }

            if (_step % _samplePeriod == 0)
            {
                _model.Kinematics();
                Sample();
                Watch();
            }
        }

        _stepCpuSeconds += MujocoNative.lev_thread_cpu_seconds() - cpuStart;
        _stepWatch.Stop();
        return new AdvanceOutcome(_model.Time, _step, TotalSteps, CurrentPositions(), Done, _error);
    }

    private bool Done => _step >= TotalSteps || _instability is not null || _error is not null || _stopped is not null;

    public SimulationResult Finish()
    {
        if (_error is not null)
        {
            return new SimulationResult { Error = _error };
        }

        _model.Kinematics();
        if (_sampleTimes.Count == 0 || _sampleTimes[^1] < _model.Time - (_model.Timestep / 2))
        {
            Sample();
        }

        var trajectories = new Dictionary<string, IReadOnlyList<Vec3>>(StringComparer.Ordinal);
        var finals = new Dictionary<string, BodyPose>(StringComparer.Ordinal);
        for (var i = 0; i < _bodyIds.Length; i++)
        {
            trajectories[_bodyNames[i]] = _trajectories[i];
            finals[_bodyNames[i]] = new BodyPose(_model.BodyPosition(_bodyIds[i]), _model.BodyOrientation(_bodyIds[i]));
        }

        var mujocoWarnings = MujocoRuntime.DrainWarnings()
            .Where(w => !w.Contains("Nan, Inf or huge value", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .Select(w => new ModelFinding(FindingCodes.MujocoWarning, $"MuJoCo warned: {w}"));
        return new SimulationResult
        {
            Steps = _step,
            Timestep = _model.Timestep,
            SimulatedSeconds = _step * _model.Timestep,
            SampleTimes = _sampleTimes,
            Trajectories = trajectories,
            FinalPoses = finals,
            Actuators = _forces.Results(),
            Contacts = _contacts?.Results() ?? [],
            Instability = _instability,
            Stopped = _stopped,
            Warnings = [.. _warnings, .. mujocoWarnings],
            BuffersFilled = _model.WarningCount(MujocoNative.WarnContactFull) > 0 || _model.WarningCount(MujocoNative.WarnConstraintFull) > 0,
            StepWallSeconds = _stepWatch.Elapsed.TotalSeconds,
            StepCpuSeconds = _stepCpuSeconds,
        };
    }

    public void Dispose() => _model.Dispose();

    private void ApplyVaryingControls()
    {
        if (_varying.Length == 0)
        {
            return;
        }

        var time = _model.Time;
        var ctrl = _model.Ctrl;
        foreach (var (actuator, signal) in _varying)
        {
            if (actuator >= 0)
            {
                ctrl[actuator] = signal.ValueAt(time);
            }
        }
    }

    /// <summary>
    /// Whether every time-varying control keeps its value from now on, so setting it before each step would only write
    /// the same value again (MuJoCo never changes ctrl itself). Once true it stays true.
    /// </summary>
    private bool VaryingSettled()
    {
        if (_varyingSettled)
        {
            return true;
        }

        var time = _model.Time;
        foreach (var (actuator, signal) in _varying)
        {
            if (actuator >= 0 && !signal.SettledFrom(time))
            {
                return false;
            }
        }

        _varyingSettled = true;
        return true;
    }

    private void SetControl(int actuator, double value)
    {
        _model.Ctrl[actuator] = value;
        var (limited, min, max) = _model.CtrlRange(actuator);
        if (limited && (value < min || value > max) && _clampWarned.Add(actuator))
        {
            _warnings.Add(new ModelFinding(
                FindingCodes.ControlClamped,
                string.Create(CultureInfo.InvariantCulture, $"control {value:0.####} for actuator '{_model.Name(MujocoNative.ObjActuator, actuator)}' is outside its ctrlrange [{min:0.####}, {max:0.####}]; MuJoCo clamps it"),
                "actuator"));
        }
    }

    private void Sample()
    {
        _sampleTimes.Add(Math.Round(_model.Time, 12));
        for (var i = 0; i < _bodyIds.Length; i++)
        {
            _trajectories[i].Add(_model.BodyPosition(_bodyIds[i]));
        }

        _contacts?.Record(_model.Time);
    }

    /// <summary>Applies the stop rules to the sample just taken.</summary>
    private void Watch()
    {
        if (_stopWatcher is null || _stopped is not null)
        {
            return;
        }

        var time = _sampleTimes[^1];
        var settled = true;
        foreach (var (actuator, signal) in _varying)
        {
            settled &= actuator < 0 || signal.SettledFrom(time);
        }

        var stats = _forces.Buffer;
        for (var i = 0; settled && i < _model.Nu; i++)
        {
            settled = stats[(i * MujocoModel.ForceStatsWidth) + 3] == 0; // the current stretch at the force limit
        }

        var fastest = 0.0;
        foreach (var v in _model.Qvel)
        {
            fastest = Math.Max(fastest, Math.Abs(v));
        }

        _stopped = _stopWatcher.Next(time, _trajectories[_stopWatcher.BodyIndex][^1], fastest, settled);
    }

    private Dictionary<string, Vec3> CurrentPositions()
    {
        var positions = new Dictionary<string, Vec3>(StringComparer.Ordinal);
        if (_bodyIds.Length > 0)
        {
            _model.Kinematics();
            for (var i = 0; i < _bodyIds.Length; i++)
            {
                positions[_bodyNames[i]] = _model.BodyPosition(_bodyIds[i]);
            }
        }

        return positions;
    }

    private static ModelFinding Unknown(MujocoModel model, string kind, string name, int type, int count)
    {
        var names = Enumerable.Range(0, count).Select(i => model.Name(type, i)).OfType<string>().Take(30).ToList();
        var known = names.Count == 0 ? $"the model has no named {kind}" : $"named {kind} are: {string.Join(", ", names)}";
        return new ModelFinding(FindingCodes.UnknownName, $"the model has no {kind} named '{name}'; {known}", kind);
    }
}
