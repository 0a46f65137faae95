using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Leviathan.Perf.Evaluation;

/// <summary>
/// What this machine charges for the two things every sandboxed run does many times: touching fresh memory (a page fault)
/// and starting a process. Virtual machines differ by tens of times in both, and the harness's figures with them, so
/// figures from two machines compare only beside these two.
/// </summary>
internal static class MachineGauge
{
    private const int Page = 4096;

    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"machine: {Environment.ProcessorCount} cores; a page fault on fresh memory {PageFaultMicroseconds():0.00} µs, starting /bin/true and waiting for it {ProcessStartMilliseconds():0.00} ms (means)");

    /// <summary>Microseconds per first touch of a page of a fresh 32 MiB block (the C library maps a block that large from the kernel, untouched).</summary>
    private static double PageFaultMicroseconds()
    {
        const int size = 32 << 20;
        var block = Marshal.AllocHGlobal(size);
        try
        {
            var start = Stopwatch.GetTimestamp();
            for (var offset = 0; offset < size; offset += Page)
            {
                Marshal.WriteByte(block, offset, 1);
            }

            return Stopwatch.GetElapsedTime(start).TotalMicroseconds / (size / Page);
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    /// <summary>Milliseconds per start of /bin/true through Process.Start, as the sandbox launcher starts its commands, waited for, one at a time.</summary>
    private static double ProcessStartMilliseconds()
    {
        const int count = 50;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
            process.WaitForExit();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / count;
    }
}
