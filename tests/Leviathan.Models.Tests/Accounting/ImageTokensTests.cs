using Leviathan.Models.Accounting;
using Leviathan.Testing;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Tests.Accounting;

public sealed class ImageTokensTests
{
    [Theory]
    [InlineData(320, 240, 255)]
    [InlineData(640, 480, 425)]
    [InlineData(1920, 1080, 1105)]
    [InlineData(4096, 512, 765)]
    public void ForSize_ImageSizes_AreChargedByTiles(int width, int height, int tokens) =>
        ImageTokens.ForSize(width, height).ShouldBe(tokens);

    [Fact]
    public void EstimateInput_MessageWithARealRender_ChargesTheImageByItsPixelsNotItsBytes()
    {
        var png = File.ReadAllBytes(RepositoryRoot.Combine("docs", "images", "ramp-to-goal-0.png"));
        var message = new ChatMessage(ChatRole.Tool, [new DataContent(png, "image/png")]);

        var tokens = TokenEstimator.EstimateInput([message], null);

        tokens.ShouldBe(TokenEstimator.TokensPerMessage + 255, $"a 320×240 render of {png.Length} bytes is one tile");
    }

    [Fact]
    public void Of_ImageWhoseSizeCannotBeRead_IsChargedTheLargestCharge_OtherDataByItsBytes()
    {
        ImageTokens.Of(new DataContent(new byte[5000], "image/jpeg")).ShouldBe(ImageTokens.Unknown);
        ImageTokens.Of(new DataContent(new byte[5000], "application/pdf")).ShouldBeNull();
        TokenEstimator.EstimateOutput([new DataContent(new byte[1200], "application/octet-stream")]).ShouldBe(100);
    }
}
