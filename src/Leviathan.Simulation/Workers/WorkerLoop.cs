using System.Buffers;
using System.Text.Json;
using Leviathan.Simulation.Native;
using Leviathan.Simulation.Rendering;
using Leviathan.Simulation.Running;
using Leviathan.Simulation.Validation;
using Microsoft.Win32.SafeHandles;

namespace Leviathan.Simulation.Workers;

/// <summary>
/// The worker's request loop: one JSON request per stdin line, one JSON response per line on the original
/// stdout (fd 1 itself is redirected to stderr so native prints never corrupt the protocol).
/// </summary>
internal static class WorkerLoop
{
    private static readonly ArrayBufferWriter<byte> Line = new(1 << 16);

    public static int Run(Stream input)
    {
        Stream output;
        try
        {
            MujocoRuntime.EnsureInitialized();
            var fd = MujocoNative.lev_protect_stdout();
            if (fd < 0)
            {
                throw new SimulationException("the worker could not set up its protocol stream (dup of stdout failed)");
            }

            output = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, bufferSize: 1 << 16);
        }
        catch (SimulationException ex)
        {
            using var stdout = Console.OpenStandardOutput();
            Write(stdout, new WorkerResponse { Failure = ex.Message });
            return 3;
        }

        using (output)
        {
            var reader = new JsonLineReader(input);
            Write(output, new WorkerResponse { Version = MujocoRuntime.ExpectedVersion });
            SimulationRun? session = null;
            try
            {
                while (reader.ReadLine() is { } line)
                {
                    if (line.IsEmpty)
                    {
                        continue;
                    }

                    WorkerResponse response;
                    try
                    {
                        var request = JsonSerializer.Deserialize(line.Span, WorkerJson.Context.WorkerRequest)
                            ?? throw new InvalidOperationException("empty request");
                        response = Handle(request, ref session);
                    }
                    catch (Exception ex)
                    {
                        // a bug or a bad request must not take the worker down; the host reports it
                        response = new WorkerResponse { Failure = $"{ex.GetType().Name}: {ex.Message}" };
                    }

                    Write(output, response);
                }
            }
            finally
            {
                session?.Dispose();
            }
        }

        return 0;
    }

    private static WorkerResponse Handle(WorkerRequest request, ref SimulationRun? session)
    {
        switch (request.Op)
        {
            case WorkerRequest.ValidateOp:
                return new WorkerResponse { Validation = ModelChecker.Check(request.Validate ?? throw new ArgumentException("validate needs 'validate'"), request.ModelKey) };

            case WorkerRequest.SimulateOp:
            {
                var simulation = request.Simulation ?? throw new ArgumentException("simulate needs 'simulation'");
                using var run = SimulationRun.Open(simulation, request.ModelKey, out var error);
                if (run is null)
                {
                    return new WorkerResponse { Simulation = new SimulationResult { Error = error } };
                }

                run.Advance(run.TotalSteps, null);
                return new WorkerResponse { Simulation = run.Finish() };
            }

            case WorkerRequest.OpenOp:
            {
                session?.Dispose();
                session = SimulationRun.Open(request.Simulation ?? throw new ArgumentException("open needs 'simulation'"), request.ModelKey, out var error);
                return session is null
                    ? new WorkerResponse { Simulation = new SimulationResult { Error = error } }
                    : new WorkerResponse { Advance = session.Advance(0, null) };
            }

            case WorkerRequest.AdvanceOp:
                return new WorkerResponse { Advance = (session ?? throw new InvalidOperationException("advance without an open session")).Advance(request.Steps, request.Set) };

            case WorkerRequest.FinishOp:
            {
                var run = session ?? throw new InvalidOperationException("finish without an open session");
                session = null;
                using (run)
                {
                    return new WorkerResponse { Simulation = run.Finish() };
                }
            }

            case WorkerRequest.RenderOp:
                return new WorkerResponse { Render = FrameRenderer.Render(request.Render ?? throw new ArgumentException("render needs 'render'"), request.ModelKey) };

            default:
                throw new ArgumentException($"unknown op '{request.Op}'");
        }
    }

    private static void Write(Stream output, WorkerResponse response)
    {
        Line.ResetWrittenCount();
        WorkerJson.WriteLine(Line, response, WorkerJson.Context.WorkerResponse);
        output.Write(Line.WrittenSpan);
        output.Flush();
    }
}
