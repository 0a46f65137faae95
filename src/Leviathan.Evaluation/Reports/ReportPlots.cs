using ScottPlot;

namespace Leviathan.Evaluation.Reports;

/// <summary>The report's plots as PNG images (ScottPlot): success rate with intervals, cost against success, step histograms.</summary>
public static class ReportPlots
{
    private const int Width = 720;
    private const int Height = 400;

    /// <summary>The success rate of each configuration as a bar, with its Wilson 95 % interval as an error bar.</summary>
    public static byte[] SuccessRates(IReadOnlyList<ConfigurationSummary> configurations)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        var plot = new Plot();
        var positions = Enumerable.Range(0, configurations.Count).Select(i => (double)i).ToArray();
        var rates = configurations.Select(c => c.Rate * 100).ToArray();
        var bars = plot.Add.Bars(positions, rates);
        bars.Color = Colors.SteelBlue;
        var below = configurations.Select(c => (c.Rate - c.Interval.Lower) * 100).ToArray();
        var above = configurations.Select(c => (c.Interval.Upper - c.Rate) * 100).ToArray();
        var errors = new ScottPlot.Plottables.ErrorBar(positions, rates, null, null, below, above);
        plot.Add.Plottable(errors);
        errors.Color = Colors.Black;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, [.. configurations.Select(c => c.Name)]);
        plot.Axes.SetLimits(-0.6, Math.Max(0.6, configurations.Count - 0.4), 0, 105);
        plot.Title("Success rate (hidden tests) with Wilson 95 % interval");
        plot.YLabel("resolved, %");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Each configuration as a point: its cost per task against its success rate.</summary>
    public static byte[] CostAgainstSuccess(IReadOnlyList<ConfigurationSummary> configurations)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        var plot = new Plot();
        var costs = configurations.Select(c => (double)c.CostPerTask).ToArray();
        var rates = configurations.Select(c => c.Rate * 100).ToArray();
        var points = plot.Add.ScatterPoints(costs, rates);
        points.MarkerSize = 10;
        for (var i = 0; i < configurations.Count; i++)
        {
            var label = plot.Add.Text(configurations[i].Name, costs[i], rates[i]);
            label.LabelFontSize = 12;
            label.OffsetX = 8;
        }

        var maxCost = costs.Length == 0 ? 1 : Math.Max(costs.Max() * 1.25, 1e-6);
        plot.Axes.SetLimits(0, maxCost, 0, 105);
        plot.Title("Cost per task against success rate");
        plot.XLabel("US$ per task");
        plot.YLabel("resolved, %");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The steps of the counted attempts of each configuration, as side-by-side bar histograms.</summary>
    public static byte[] StepHistograms(IReadOnlyList<ConfigurationSummary> configurations)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        var plot = new Plot();
        var all = configurations.SelectMany(c => c.StepValues).ToList();
        var max = all.Count == 0 ? 1 : all.Max();
        var binWidth = Math.Max(1, (int)Math.Ceiling((max + 1) / 20.0));
        var bins = ((max + 1) + binWidth - 1) / binWidth;
        var width = 0.8 / Math.Max(1, configurations.Count);
        for (var c = 0; c < configurations.Count; c++)
        {
            var counts = new double[bins];
            foreach (var steps in configurations[c].StepValues)
            {
                counts[steps / binWidth]++;
            }

            var bars = new List<Bar>();
            for (var b = 0; b < bins; b++)
            {
                bars.Add(new Bar { Position = b + ((c - ((configurations.Count - 1) / 2.0)) * width), Value = counts[b], Size = width, FillColor = plot.Add.Palette.GetColor(c) });
            }

            var added = plot.Add.Bars(bars);
            added.LegendText = configurations[c].Name;
        }

        var ticks = Enumerable.Range(0, bins).Select(b => (double)b).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, [.. ticks.Select(b => binWidth == 1 ? ((int)b).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{(int)b * binWidth}–{((int)b * binWidth) + binWidth - 1}")]);
        plot.ShowLegend();
        plot.Title("Steps per attempt");
        plot.XLabel("steps");
        plot.YLabel("attempts");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
