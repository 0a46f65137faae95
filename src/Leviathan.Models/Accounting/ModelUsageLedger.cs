using System.Globalization;
using Leviathan.Core.Runs;
using Leviathan.Models.Profiles;

namespace Leviathan.Models.Accounting;

/// <summary>
/// The model usage of one run, shared by every client (role, profile) in it, and the guard of its budget.
/// Before each call <see cref="Reserve"/> checks that the call fits even if it uses its whole output allowance
/// (its <c>MaxOutputTokens</c>, else <see cref="OutputReserveTokens"/>) on top of its estimated prompt; calls in
/// flight hold their reservation, so parallel calls cannot jointly overspend. The prompt estimate is calibrated per
/// profile by the server's own counts (never below the raw estimate, at most 8 times it). Thread-safe.
/// </summary>
public sealed class ModelUsageLedger(RunBudget? budget = null, int outputReserveTokens = ModelUsageLedger.DefaultOutputReserveTokens)
{
    public const int DefaultOutputReserveTokens = 256;

    private readonly Lock _gate = new();
    private readonly List<ModelCallUsage> _calls = [];
    private readonly Dictionary<string, double> _calibration = new(StringComparer.OrdinalIgnoreCase);
    private ModelUsageTotals _totals = ModelUsageTotals.None;
    private long _reservedTokens;
    private decimal _reservedCost;

    /// <summary>Raised after each call is accounted (for the run's trace and live display).</summary>
    public event Action<ModelCallUsage>? CallRecorded;

    public RunBudget Budget { get; } = budget ?? RunBudget.Unlimited;

    /// <summary>Output tokens assumed for a call that sets no <c>MaxOutputTokens</c>.</summary>
    public int OutputReserveTokens { get; } = outputReserveTokens;

    public ModelUsageTotals Totals
    {
        get
        {
            lock (_gate)
            {
                return _totals;
            }
        }
    }

    public IReadOnlyList<ModelCallUsage> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.ToList();
            }
        }
    }

    /// <summary>Holds room for a call or refuses it.</summary>
    /// <exception cref="BudgetExhaustedException">The call could cross the budget; it must not be made.</exception>
    public Reservation Reserve(ModelProfile profile, long estimatedInputTokens, int? maxOutputTokens)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var output = maxOutputTokens ?? OutputReserveTokens;
        lock (_gate)
        {
            var input = (long)Math.Ceiling(estimatedInputTokens * _calibration.GetValueOrDefault(profile.Name, 1.0));
            var tokens = input + output;
            var cost = profile.CostOf(input, output);
            if (Budget.MaxTokens is { } maxTokens && _totals.TotalTokens + _reservedTokens + tokens > maxTokens)
            {
                throw new BudgetExhaustedException(
                    string.Create(CultureInfo.InvariantCulture, $"token budget exhausted: {_totals.TotalTokens} of {maxTokens} tokens used") +
                    string.Create(CultureInfo.InvariantCulture, $"{(_reservedTokens > 0 ? $" ({_reservedTokens} held by calls in flight)" : string.Empty)}, and the next call to profile '{profile.Name}' could need {tokens} ") +
                    string.Create(CultureInfo.InvariantCulture, $"(about {input} in, up to {output} out)"),
                    _totals,
                    Budget);
            }

            if (Budget.MaxCostUsd is { } maxCost && _totals.CostUsd + _reservedCost + cost > maxCost)
            {
                throw new BudgetExhaustedException(
                    string.Create(CultureInfo.InvariantCulture, $"cost budget exhausted: {_totals.CostUsd:0.######} of {maxCost:0.######} USD spent, and the next call to profile '{profile.Name}' could cost {cost:0.######} USD"),
                    _totals,
                    Budget);
            }

            _reservedTokens += tokens;
            _reservedCost += cost;
            return new Reservation(this, profile.Name, estimatedInputTokens, tokens, cost);
        }
    }

    private void Settle(Reservation reservation, ModelCallUsage? usage)
    {
        lock (_gate)
        {
            _reservedTokens -= reservation.Tokens;
            _reservedCost -= reservation.Cost;
            if (usage is not null)
            {
                _calls.Add(usage);
                _totals = _totals.Add(usage);
                if (!usage.Estimated && usage.Completed && reservation.EstimatedInput > 0)
                {
                    _calibration[reservation.Profile] = Math.Clamp((double)usage.InputTokens / reservation.EstimatedInput, 1.0, 8.0);
                }
            }
        }

        if (usage is not null)
        {
            CallRecorded?.Invoke(usage);
        }
    }

    /// <summary>Room held for one call; settle it with <see cref="Commit"/> or <see cref="Release"/> exactly once.</summary>
    public sealed class Reservation
    {
        private readonly ModelUsageLedger _ledger;
        private int _settled;

        internal Reservation(ModelUsageLedger ledger, string profile, long estimatedInput, long tokens, decimal cost)
        {
            _ledger = ledger;
            Profile = profile;
            EstimatedInput = estimatedInput;
            Tokens = tokens;
            Cost = cost;
        }

        public string Profile { get; }

        /// <summary>The uncalibrated local estimate of the prompt.</summary>
        public long EstimatedInput { get; }

        public long Tokens { get; }

        public decimal Cost { get; }

        /// <summary>Records what the call really used and frees the reservation.</summary>
        public void Commit(ModelCallUsage usage)
        {
            ArgumentNullException.ThrowIfNull(usage);
            if (Interlocked.Exchange(ref _settled, 1) == 0)
            {
                _ledger.Settle(this, usage);
            }
        }

        /// <summary>Frees the reservation without recording a call (nothing was spent).</summary>
        public void Release()
        {
            if (Interlocked.Exchange(ref _settled, 1) == 0)
            {
                _ledger.Settle(this, null);
            }
        }
    }
}
