using System.Globalization;

namespace Leviathan.Evaluation.Reports;

/// <summary>How reports and the command line write rates and money.</summary>
public static class ReportFormat
{
    /// <summary>A proportion as a percentage with one decimal, e.g. <c>58.3 %</c>.</summary>
    public static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>US dollars with four decimals.</summary>
    public static string Usd(decimal value) => "$" + value.ToString("0.0000", CultureInfo.InvariantCulture);
}
