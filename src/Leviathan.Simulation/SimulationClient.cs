using Leviathan.Simulation.Running;
using Leviathan.Simulation.Validation;
using Leviathan.Simulation.Workers;

namespace Leviathan.Simulation;

/// <summary>
/// Validates and simulates MJCF models in MuJoCo 2.2.2. MuJoCo runs in pooled worker processes, so a fatal
/// native error costs one worker, never the caller; the next request starts a fresh worker. Thread-safe:
/// requests run in parallel up to <see cref="SimulationClientOptions.MaxWorkers"/>.
/// </summary>
public sealed class SimulationClient : IDisposable
{
    private readonly SimulationClientOptions _options;
    private readonly WorkerPool _pool;

    public SimulationClient(SimulationClientOptions? options = null)
    {
        _options = options ?? new SimulationClientOptions();
        _options.Check();
        _pool = new WorkerPool(_options);
    }

    /// <summary>Worker processes started so far (a crash makes the next request start one more).</summary>
    public int WorkersStarted => _pool.Started;

    /// <summary>Starts up to <paramref name="workers"/> workers now, so later requests do not wait for start-up.</summary>
    public Task WarmUpAsync(int workers = 1, CancellationToken cancellationToken = default) => _pool.WarmUpAsync(workers, cancellationToken);

    /// <summary>
    /// Checks a model: well-formed XML, existing assets, MuJoCo compiles it, no geoms overlap at t = 0 and
    /// it stays stable for <see cref="ValidationOptions.Frames"/> steps.
    /// </summary>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="SimulationException">The workers could not run (MuJoCo missing, timeout).</exception>
    public async Task<ValidationReport> ValidateAsync(ModelSource model, ValidationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new ValidationOptions();
        options.Check();
        EnsureExists(model);

        var (findings, key) = ModelPrecheck.Run(model);
        if (findings.Count > 0)
        {
            return new ValidationReport { File = model.DisplayName, Compiled = false, Errors = findings };
        }

        var work = new ValidateWork(model, options.Frames, options.PenetrationToleranceMm, options.MaxSpeed);
        try
        {
            var outcome = await _pool.UseAsync(
                async worker => Expect(await worker.SendAsync(new WorkerRequest { Op = WorkerRequest.ValidateOp, Validate = work, ModelKey = key }, _options.RequestTimeout, cancellationToken)).Validation
                    ?? throw new SimulationException("the MuJoCo worker answered 'validate' without a result"),
                cancellationToken);
            return new ValidationReport
            {
                File = model.DisplayName,
                Compiled = outcome.Compiled,
                Errors = outcome.Errors,
                Warnings = outcome.Warnings,
                Stats = outcome.Stats,
            };
        }
        catch (WorkerCrashedException ex)
        {
            return new ValidationReport
            {
                File = model.DisplayName,
                Compiled = false,
                Errors = [new ModelFinding(FindingCodes.Compile, $"{ex.Message}; MuJoCo cannot simulate this model")],
            };
        }
    }

    /// <summary>
    /// Runs a simulation. Scripted controls (<see cref="SimulationRequest.Controls"/>) run entirely in the
    /// worker; a <see cref="SimulationRequest.Controller"/> is called back every control period.
    /// </summary>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="SimulationException">The workers could not run (MuJoCo missing, timeout).</exception>
    public async Task<SimulationResult> SimulateAsync(SimulationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Check();
        EnsureExists(request.Model);
        var (findings, key) = ModelPrecheck.Run(request.Model);
        if (findings.Count > 0)
        {
            return new SimulationResult { Error = findings[0], Warnings = findings.Skip(1).ToList() };
        }

        try
        {
            return await _pool.UseAsync(
                worker => request.Controller is null
                    ? RunAsync(worker, request, key, cancellationToken)
                    : RunWithControllerAsync(worker, request, key, request.Controller, cancellationToken),
                cancellationToken);
        }
        catch (WorkerCrashedException ex)
        {
            return new SimulationResult { Error = new ModelFinding(FindingCodes.Compile, $"{ex.Message}; MuJoCo cannot simulate this model") };
        }
    }

    private async Task<SimulationResult> RunAsync(WorkerProcess worker, SimulationRequest request, string? key, CancellationToken cancellationToken)
    {
        var response = Expect(await worker.SendAsync(new WorkerRequest { Op = WorkerRequest.SimulateOp, Simulation = request, ModelKey = key }, request.Timeout ?? _options.RequestTimeout, cancellationToken));
        return response.Simulation ?? throw new SimulationException("the MuJoCo worker answered 'simulate' without a result");
    }

    private async Task<SimulationResult> RunWithControllerAsync(WorkerProcess worker, SimulationRequest request, string? key, Action<SimulationControlStep> controller, CancellationToken cancellationToken)
    {
        var timeout = request.Timeout ?? _options.RequestTimeout;
        var opened = Expect(await worker.SendAsync(new WorkerRequest { Op = WorkerRequest.OpenOp, Simulation = request, ModelKey = key }, timeout, cancellationToken));
        if (opened.Simulation is { } failed)
        {
            return failed;
        }

        var state = opened.Advance ?? throw new SimulationException("the MuJoCo worker answered 'open' without a state");
        while (!state.Done)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = new SimulationControlStep(state.Time, state.Step, state.Positions);
            controller(step);
            var advanced = Expect(await worker.SendAsync(
                new WorkerRequest { Op = WorkerRequest.AdvanceOp, Steps = request.ControlPeriodSteps, Set = new Dictionary<string, double>(step.Controls, StringComparer.Ordinal) },
                timeout,
                cancellationToken));
            state = advanced.Advance ?? throw new SimulationException("the MuJoCo worker answered 'advance' without a state");
        }

        var finished = Expect(await worker.SendAsync(new WorkerRequest { Op = WorkerRequest.FinishOp }, timeout, cancellationToken));
        return finished.Simulation ?? throw new SimulationException("the MuJoCo worker answered 'finish' without a result");
    }

    /// <summary>Runs <paramref name="work"/> on a pooled worker (for the renderer, which shares the workers).</summary>
    internal Task<T> UseWorkerAsync<T>(Func<WorkerProcess, Task<T>> work, CancellationToken cancellationToken) => _pool.UseAsync(work, cancellationToken);

    internal SimulationClientOptions Options => _options;

    internal static WorkerResponse Expect(WorkerResponse response) =>
        response.Failure is { } failure ? throw new SimulationException($"the MuJoCo worker failed: {failure}") : response;

    internal static void EnsureExists(ModelSource model)
    {
        if (model.Path is { } path && !File.Exists(path))
        {
            throw new FileNotFoundException($"the model file {path} does not exist", path);
        }

        if (model.Xml is not null && !Directory.Exists(model.AssetsDirectory))
        {
            throw new DirectoryNotFoundException($"the assets folder {model.AssetsDirectory} does not exist");
        }
    }

    public void Dispose() => _pool.Dispose();
}
