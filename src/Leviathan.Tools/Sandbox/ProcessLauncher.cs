using System.Collections.Concurrent;
using System.Diagnostics;

namespace Leviathan.Tools.Sandbox;

/// <summary>
/// Starts processes from a few threads that live as long as the application. <c>bwrap --die-with-parent</c>
/// uses PR_SET_PDEATHSIG, which fires when the *thread* that forked it ends, not the process: forked from
/// a thread-pool thread, a sandbox is SIGKILLed whenever the pool retires that thread. Several threads, not
/// one: a start blocks its thread until the child has exec'd (milliseconds on a busy machine), and with many
/// runs at once a single thread made every command queue behind the others' starts.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Queue = new();

    static ProcessLauncher()
    {
        for (var i = 0; i < Math.Max(2, Environment.ProcessorCount * 2); i++)
        {
            var thread = new Thread(Run) { IsBackground = true, Name = "leviathan-sandbox-launcher" };
            thread.Start();
        }
    }

    /// <summary>Starts <paramref name="process"/> on a launcher thread.</summary>
    public static Task StartAsync(Process process)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((process, started));
        return started.Task;
    }

    private static void Run()
    {
        foreach (var (process, started) in Queue.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                started.SetResult();
            }
#pragma warning disable CA1031 // The failure belongs to the caller, which awaits it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                started.SetException(ex);
            }
        }
    }
}
