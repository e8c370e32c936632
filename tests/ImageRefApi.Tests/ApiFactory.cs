using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using ImageRefApi.Core.Parsing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace ImageRefApi.Tests;

/// <summary>The real host, in a chosen environment, with its log events captured.</summary>
public sealed class ApiFactory(string environment, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>An input that makes the host's parser throw, to exercise the 500 path (see <see cref="FaultInjectingParser"/>).</summary>
    public const string FaultInput = "!fault-injection!";

    public string Environment { get; } = environment;

    public CapturingSink Logs { get; } = new();

    public bool InjectFault { get; init; }

    /// <summary>Extra test services (e.g. a slow readiness check), added after the host's own.</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);

        // Many tests share one host and one client address: the limiter is tested by its own factories (RateLimitingTests).
        builder.UseSetting("RateLimiting:Enabled", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            ExtraServices?.Invoke(services);
            if (InjectFault)
            {
                var real = services.Single(d => d.ServiceType == typeof(IReferenceParser));
                services.Remove(real);
                services.AddSingleton<IReferenceParser>(sp => new FaultInjectingParser((IReferenceParser)real.ImplementationFactory!(sp)));
            }
        });
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static ByteArrayContent JsonBytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}

/// <summary>The real parser, except that one agreed input throws: the only way to reach the 500 path from outside.</summary>
internal sealed class FaultInjectingParser(IReferenceParser inner) : IReferenceParser
{
    public int MaxInputLength => inner.MaxInputLength;

    public ReferenceAnalysis Analyze(string input) =>
        input == ApiFactory.FaultInput ? throw new InvalidOperationException("secret-internal-detail at /srv/config") : inner.Analyze(input);

    public bool IsValid(ReadOnlySpan<char> input) => inner.IsValid(input);
}

public sealed class CapturingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> events = new();

    public IReadOnlyList<LogEvent> Events => [.. events];

    public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
}

/// <summary>One Development and one Production host for the whole assembly.</summary>
public sealed class ApiHosts : IDisposable
{
    public ApiFactory Development { get; } = new("Development");

    public ApiFactory Production { get; } = new("Production");

    public ApiFactory this[string environment] => environment == "Development" ? Development : Production;

    public void Dispose()
    {
        Development.Dispose();
        Production.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedHosts : ICollectionFixture<ApiHosts>
{
    public const string Name = "api";
}

public static class Environments
{
    public static TheoryData<string> Both => new() { "Development", "Production" };
}
