using System.Net.Http.Json;
using ImageRefApi.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Serilog.Events;

namespace ImageRefApi.Tests;

[Collection(SharedHosts.Name)]
public sealed class LoggingTests(ApiHosts hosts)
{
    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task Request_Completed_LogsMethodPathStatusAndElapsed(string environment)
    {
        var factory = hosts[environment];
        using var client = factory.CreateClient();
        var before = factory.Logs.Events.Count;

        using var _ = await client.PostAsJsonAsync("/v1/references/validate", new { reference = "nginx" });

        // Tests sharing the hosts run one at a time (one xunit collection), so the new events are this request's.
        var entry = Assert.Single(factory.Logs.Events.Skip(before), e => e.Properties.ContainsKey("StatusCode"));
        Assert.Equal("\"POST\"", entry.Properties["RequestMethod"].ToString());
        Assert.Equal("\"/v1/references/validate\"", entry.Properties["RequestPath"].ToString());
        Assert.Equal("200", entry.Properties["StatusCode"].ToString());
        Assert.Equal(LogEventLevel.Information, entry.Level);
        Assert.True(entry.Properties.ContainsKey("Elapsed"));
    }

    [Fact]
    public async Task HealthProbe_Completed_IsNotLoggedAtInformation()
    {
        var factory = hosts.Production;
        using var client = factory.CreateClient();

        using var _ = await client.GetAsync("/health/live");

        Assert.DoesNotContain(factory.Logs.Events, e => e.Level >= LogEventLevel.Information
            && e.Properties.TryGetValue("RequestPath", out var p) && p.ToString().Contains("/health", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task Request_PathWithControlCharacters_ReachesLogEscaped(string environment)
    {
        var factory = hosts[environment];
        using var client = factory.CreateClient();

        using var _ = await client.GetAsync("/v1/%1B[31mforged%0D%0AINFO%07/x");

        var rendered = factory.Logs.Events.Select(e => e.RenderMessage() + string.Join(' ', e.Properties.Values)).ToList();
        Assert.Contains(rendered, r => r.Contains("forged", StringComparison.Ordinal));
        Assert.DoesNotContain(rendered, r => r.Any(char.IsControl));
    }

    [Theory]
    [InlineData("nginx", "nginx")]
    [InlineData("a\u001b[31mb", "a\\u001b[31mb")]
    [InlineData("line\r\nforged", "line\\u000d\\u000aforged")]
    [InlineData("\u0000\u007f\u0085", "\\u0000\\u007f\\u0085")]
    [InlineData("evil\u202egnp.exe", "evil\\u202egnp.exe")]
    public void Escape_ControlCharacters_AreWrittenAsEscapes(string input, string expected)
    {
        Assert.Equal(expected, ControlCharacterEscaper.Escape(input));
    }

    [Theory]
    [InlineData("Development", null, false)]
    [InlineData("Production", null, true)]
    [InlineData("Staging", null, true)]
    [InlineData("Development", "json", true)]
    [InlineData("Production", "text", false)]
    public void ConsoleFormat_ByEnvironmentAndSetting_IsJsonOutsideDevelopment(string environment, string? setting, bool json)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [Logging.ConsoleFormatKey] = setting }).Build();

        Assert.Equal(json, Logging.UseJson(configuration, new TestEnvironment(environment)));
    }

    private sealed class TestEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "ImageRefApi";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
