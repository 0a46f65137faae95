using System.Globalization;

namespace Leviathan.Engineering.Json;

/// <summary>Collects rule violations with their JSON paths.</summary>
internal sealed class SpecErrors
{
    private readonly List<SpecError> _errors = [];

    public IReadOnlyList<SpecError> Items => _errors;

    public void Add(string path, string message) => _errors.Add(new SpecError(path, message));

    public void Require(bool condition, string path, string message)
    {
        if (!condition)
        {
            Add(path, message);
        }
    }

    public void Positive(double value, string path, string what) =>
        Require(value > 0 && double.IsFinite(value), path, $"{what} must be a positive number, found {F(value)}");

    public void NonNegative(double value, string path, string what) =>
        Require(value >= 0 && double.IsFinite(value), path, $"{what} must be zero or more, found {F(value)}");

    public void Finite(IReadOnlyList<double> values, string path) =>
        Require(values.All(double.IsFinite), path, "every number must be finite");

    public void Length(IReadOnlyList<double>? values, int length, string path)
    {
        if (values is not null && values.Count != length)
        {
            Add(path, $"expected {length} numbers, found {values.Count}");
        }
    }

    public static string F(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
