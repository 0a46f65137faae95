using System.Runtime.CompilerServices;
using Leviathan.Models.Diagnostics;
using Leviathan.Models.Profiles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Leviathan.Models.Accounting;

/// <summary>
/// Checks the run's budget before each call (a call that could cross it is not made: <see cref="BudgetExhaustedException"/>)
/// and records the tokens and cost of each call in the run's <see cref="ModelUsageLedger"/>: the server's usage when it
/// reports one, else a local count: the model's tokenizer where <see cref="TokenCounters"/> knows it, else the
/// <see cref="TokenEstimator"/> estimate. A call that fails part-way is recorded with what was exchanged.
/// </summary>
internal sealed class AccountingChatClient(IChatClient inner, ModelProfile profile, ModelUsageLedger ledger, ILogger logger)
    : DelegatingChatClient(inner)
{
    private readonly ITokenCounter _counter = TokenCounters.For(profile);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var estimatedInput = TokenEstimator.CountInput(list, options, _counter);
        var reservation = Reserve(estimatedInput, options);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(list, options, cancellationToken);
        }
        catch
        {
            // A failed call may still have cost prompt tokens, but no server tells us; a refused one cost nothing.
            reservation.Release();
            throw;
        }

        Commit(reservation, response.Usage, estimatedInput, response.Messages.SelectMany(m => m.Contents), completed: true);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var estimatedInput = TokenEstimator.CountInput(list, options, _counter);
        var reservation = Reserve(estimatedInput, options);
        var received = new List<AIContent>();
        UsageDetails? usage = null;
        var completed = false;
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken))
            {
                foreach (var content in update.Contents)
                {
                    if (content is UsageContent usageContent)
                    {
                        usage = usageContent.Details;
                    }
                    else
                    {
                        received.Add(content);
                    }
                }

                yield return update;
            }

            completed = true;
        }
        finally
        {
            if (completed || received.Count > 0)
            {
                Commit(reservation, usage, estimatedInput, received, completed);
            }
            else
            {
                reservation.Release();
            }
        }
    }

    private ModelUsageLedger.Reservation Reserve(long estimatedInput, ChatOptions? options)
    {
        try
        {
            return ledger.Reserve(profile, estimatedInput, options?.MaxOutputTokens);
        }
        catch (BudgetExhaustedException ex)
        {
            ModelLog.BudgetRefused(logger, profile.Name, ex.Message);
            throw;
        }
    }

    private void Commit(ModelUsageLedger.Reservation reservation, UsageDetails? usage, long estimatedInput, IEnumerable<AIContent> output, bool completed)
    {
        var estimated = usage?.InputTokenCount is null || usage.OutputTokenCount is null;
        var input = usage?.InputTokenCount ?? estimatedInput;
        var outputTokens = usage?.OutputTokenCount ?? TokenEstimator.CountOutput(output, _counter);
        var call = new ModelCallUsage(profile.Name, profile.Model, input, outputTokens, profile.CostOf(input, outputTokens), estimated, completed);
        reservation.Commit(call);
        var totals = ledger.Totals;
        ModelLog.CallAccounted(logger, profile.Name, input, outputTokens, estimated ? "estimated" : "server", call.CostUsd, totals.TotalTokens, totals.CostUsd);
    }
}
