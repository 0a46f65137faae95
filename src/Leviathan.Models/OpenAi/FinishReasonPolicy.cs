using System.ClientModel.Primitives;
using System.Text;

namespace Leviathan.Models.OpenAi;

/// <summary>Installs <see cref="FinishReasonRewriter"/> in the SDK pipeline, for whole responses and for streams.</summary>
internal sealed class FinishReasonPolicy : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        Fix(message);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex);
        Fix(message);
    }

    private static void Fix(PipelineMessage message)
    {
        if (message.Response is not { IsError: false } response || response.ContentStream is null)
        {
            return;
        }

        if (!message.BufferResponse)
        {
            response.ContentStream = new FinishReasonRewritingStream(response.ContentStream);
            return;
        }

        if (FinishReasonRewriter.Rewrite(response.Content.ToString(), streaming: false) is { } rewritten)
        {
            response.ContentStream = new MemoryStream(Encoding.UTF8.GetBytes(rewritten));
        }
    }
}
