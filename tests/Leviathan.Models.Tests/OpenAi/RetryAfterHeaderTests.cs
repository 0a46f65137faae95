using Leviathan.Models.OpenAi;

namespace Leviathan.Models.Tests.OpenAi;

public sealed class RetryAfterHeaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("5", null, 5000)]
    [InlineData("0.5", null, 500)]
    [InlineData("Sun, 01 Mar 2026 12:00:30 GMT", null, 30000)]
    [InlineData("Sun, 01 Mar 2026 11:00:00 GMT", null, 0)]
    [InlineData("5", "1500", 1500)]
    public void Parse_SecondsDatesAndMilliseconds(string retryAfter, string? milliseconds, double expectedMs) =>
        RetryAfterHeader.Parse(retryAfter, milliseconds, Now).ShouldBe(TimeSpan.FromMilliseconds(expectedMs));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    public void Parse_AbsentOrUnreadable_IsNull(string? retryAfter) =>
        RetryAfterHeader.Parse(retryAfter, null, Now).ShouldBeNull();
}
