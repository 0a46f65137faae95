using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Leviathan.Simulation.Workers;

/// <summary>
/// One worker process seen from the host: a JSON line out, a JSON line back. If the process dies the request
/// fails with <see cref="WorkerCrashedException"/> carrying MuJoCo's fatal message from stderr.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private const string FatalMarker = "LEVIATHAN_MUJOCO_FATAL: ";
    private const int StderrKeep = 16 * 1024;

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Lock _stderrGate = new();
    private readonly Stream _requests;
    private readonly JsonLineReader _responses;
    private readonly ArrayBufferWriter<byte> _line = new(1 << 14);

    private WorkerProcess(Process process)
    {
        _process = process;

        // the protocol is UTF-8 JSON lines: bytes straight to and from System.Text.Json, no text readers or writers
        _requests = process.StandardInput.BaseStream;
        _responses = new JsonLineReader(process.StandardOutput.BaseStream);
    }

    public bool IsAlive => !_process.HasExited;

    public int ProcessId => _process.Id;

    public static async Task<WorkerProcess> StartAsync(string workerPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = File.Exists(workerPath) && !workerPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new ProcessStartInfo(workerPath)
            : new ProcessStartInfo(DotnetHost(), ["exec", workerPath]);
        info.ArgumentList.Add(WorkerProgram.WorkerArgument);
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.StandardInputEncoding = new UTF8Encoding(false);
        info.StandardOutputEncoding = new UTF8Encoding(false);
        info.WorkingDirectory = Path.GetTempPath();

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new SimulationException($"the MuJoCo worker ({workerPath}) did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new SimulationException($"the MuJoCo worker ({workerPath}) could not be started: {ex.Message}. Rebuild Leviathan.Simulation so the worker sits next to the application.", ex);
        }

        var worker = new WorkerProcess(process);
        process.ErrorDataReceived += (_, e) => worker.OnStderr(e.Data);
        process.BeginErrorReadLine();
        try
        {
            var hello = await worker.ReadResponseAsync(timeout, "starting", cancellationToken);
            if (hello.Failure is not null)
            {
                throw new SimulationException(hello.Failure);
            }

            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    public async Task<WorkerResponse> SendAsync(WorkerRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _line.ResetWrittenCount();
        WorkerJson.WriteLine(_line, request, WorkerJson.Context.WorkerRequest);
        try
        {
            await _requests.WriteAsync(_line.WrittenMemory, cancellationToken);
            await _requests.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            throw Crashed(request.Op);
        }

        return await ReadResponseAsync(timeout, request.Op, cancellationToken);
    }

    private async Task<WorkerResponse> ReadResponseAsync(TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        ReadOnlyMemory<byte>? line;
        try
        {
            line = await _responses.ReadLineAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
            throw new SimulationException($"the MuJoCo worker did not finish '{what}' within {timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s and was stopped; simulate fewer steps or raise the timeout");
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }

        if (line is null)
        {
            throw Crashed(what);
        }

        return JsonSerializer.Deserialize(line.Value.Span, WorkerJson.Context.WorkerResponse)
            ?? throw new SimulationException("the MuJoCo worker sent an empty response");
    }

    private WorkerCrashedException Crashed(string what)
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            Kill();
        }

        // the parameterless wait also waits for the stderr reader to reach the end
        _process.WaitForExit();
        string stderr;
        lock (_stderrGate)
        {
            stderr = _stderr.ToString();
        }

        var marker = stderr.LastIndexOf(FatalMarker, StringComparison.Ordinal);
        var fatal = marker >= 0 ? stderr[(marker + FatalMarker.Length)..].Split('\n')[0].Trim() : null;
        var code = _process.ExitCode;
        var tail = stderr.Trim();
        var detail = fatal is not null
            ? $"MuJoCo stopped with a fatal error: {fatal}"
            : code > 128
                ? $"the MuJoCo worker was killed by signal {code - 128} ({SignalName(code - 128)})"
                : $"the MuJoCo worker exited with code {code}{(tail.Length > 0 ? $": {tail[Math.Max(0, tail.Length - 400)..]}" : string.Empty)}";
        return new WorkerCrashedException($"{detail} (during '{what}')", fatal ?? detail, code);
    }

    private static string SignalName(int signal) => signal switch
    {
        6 => "SIGABRT",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        _ => "signal",
    };

    private void OnStderr(string? data)
    {
        if (data is null)
        {
            return;
        }

        lock (_stderrGate)
        {
            _stderr.AppendLine(data);
            if (_stderr.Length > StderrKeep)
            {
                _stderr.Remove(0, _stderr.Length - StderrKeep);
            }
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var process = Environment.ProcessPath;
        return process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(2)))
                {
                    Kill();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            Kill();
        }

        _process.Dispose();
    }
}
