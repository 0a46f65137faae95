using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Leviathan.Tools.Sandbox;

/// <summary>
/// Starts processes from a few threads that live as long as the application. <c>bwrap --die-with-parent</c>
/// uses PR_SET_PDEATHSIG, which fires when the *thread* that forked it ends, not the process: forked from
/// a thread-pool thread, a sandbox is SIGKILLed whenever the pool retires that thread. Several threads, not
/// one: a start blocks its thread until the child has exec'd (milliseconds on a busy machine), and with many
/// runs at once a single thread made every command queue behind the others' starts.
/// </summary>
internal static partial class ProcessLauncher
{
    private const int PrioProcess = 0;
    // Below every command that is due (0), above batch work that asks for the lowest (19).
    private const int Background = 10;

    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Queue = new();
    private static readonly Lazy<BlockingCollection<Action>> BackgroundQueue = new(StartBackground);

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

    /// <summary>
    /// Runs <paramref name="work"/> on a thread of low priority (niceness 10), which lives as long as the application: what
    /// it starts inherits that priority, and it gets little of the processors while anything of the normal priority wants
    /// them. For work done ahead of need, such as building a sandbox before its command is known.
    /// </summary>
    public static Task<T> InBackground<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        BackgroundQueue.Value.Add(() =>
        {
            try
            {
                // The work completes on this thread: what it starts is started here, at this thread's priority.
                var task = work();
                task.Wait();
                done.SetResult(task.Result);
            }
#pragma warning disable CA1031 // The failure belongs to the caller, which awaits it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.SetException(ex is AggregateException { InnerExceptions.Count: 1 } one ? one.InnerExceptions[0] : ex);
            }
        });
        return done.Task;
    }

    private static BlockingCollection<Action> StartBackground()
    {
        var queue = new BlockingCollection<Action>();
        var thread = new Thread(() =>
        {
            // Linux gives each thread its own niceness: 0 names the calling thread.
            _ = SetPriority(PrioProcess, 0, Background);
            foreach (var work in queue.GetConsumingEnumerable())
            {
                work();
            }
        })
        { IsBackground = true, Name = "leviathan-sandbox-background-launcher" };
        thread.Start();
        return queue;
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, uint who, int priority);

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
