using System.Net;
using Microsoft.AspNetCore.TestHost;

namespace ImageRefApi.Tests;

/// <summary>The per-client token bucket on /v1/*, each test with its own host and limits.</summary>
public sealed class RateLimitingTests
{
    private const string Validate = "/v1/references/validate";

    private static ApiFactory Limited(int permits, int burst, bool enabled = true, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RateLimiting:Enabled"] = enabled ? "true" : "false",
            ["RateLimiting:PermitsPerSecond"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimiting:Burst"] = burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return new ApiFactory("Production", settings);
    }

    [Fact]
    public async Task PostValidate_OverBurst_Returns429ProblemWithRetryAfter()
    {
        using var factory = Limited(permits: 1, burst: 3);
        using var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 6 && rejected is null; i++)
        {
            var response = await client.PostAsync(Validate, ApiFactory.Json("""{"reference":"nginx"}"""));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(rejected);
        using (rejected)
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(3));
            var problem = await Problems.Read(rejected, HttpStatusCode.TooManyRequests);
            Assert.Contains("retry after", (string)problem["detail"]!, StringComparison.Ordinal);
            var retryAfter = Assert.Single(rejected.Headers.GetValues("Retry-After"));
            Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        }
    }

    [Fact]
    public async Task Health_LimiterExhausted_NeverLimited()
    {
        using var factory = Limited(permits: 1, burst: 1);
        using var client = factory.CreateClient();
        (await client.PostAsync(Validate, ApiFactory.Json("""{"reference":"nginx"}"""))).Dispose();
        using var limited = await client.PostAsync(Validate, ApiFactory.Json("""{"reference":"nginx"}"""));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 50; i++)
        {
            foreach (var path in new[] { "/health/live", "/health/ready", "/swagger/index.html" })
            {
                using var response = await client.GetAsync(path);
                statuses.Add(response.StatusCode);
            }
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task PostValidate_LimiterDisabled_Never429()
    {
        using var factory = Limited(permits: 1, burst: 1, enabled: false);
        using var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 100; i++)
        {
            using var response = await client.PostAsync(Validate, ApiFactory.Json("""{"reference":"nginx"}"""));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task PostValidate_DifferentClients_HaveSeparateBuckets()
    {
        using var factory = Limited(permits: 1, burst: 2);
        _ = factory.Server;

        var a = await StatusesFrom(factory.Server, "192.0.2.10", forwardedFor: null, count: 3);
        var b = await StatusesFrom(factory.Server, "192.0.2.11", forwardedFor: null, count: 1);

        Assert.Equal([200, 200, 429], a);
        Assert.Equal([200], b);
    }

    [Fact]
    public async Task PostValidate_ForwardedHeadersOff_SpoofedForwardedForShareTheCallersBucket()
    {
        using var factory = Limited(permits: 1, burst: 2);
        _ = factory.Server;

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            // A client rotating X-Forwarded-For must not get a fresh bucket each time.
            statuses.AddRange(await StatusesFrom(factory.Server, "192.0.2.10", forwardedFor: $"203.0.113.{i}", count: 1));
        }

        Assert.Equal([200, 200, 429], statuses);
    }

    [Fact]
    public async Task PostValidate_ForwardedHeadersFromTrustedProxy_PartitionByForwardedClient()
    {
        using var factory = Limited(permits: 1, burst: 2, enabled: true, ("ForwardedHeaders:Enabled", "true"), ("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/8"));
        _ = factory.Server;

        var first = await StatusesFrom(factory.Server, "10.1.2.3", forwardedFor: "203.0.113.5", count: 3);
        var second = await StatusesFrom(factory.Server, "10.1.2.3", forwardedFor: "203.0.113.6", count: 1);
        var untrusted = await StatusesFrom(factory.Server, "192.0.2.99", forwardedFor: "203.0.113.7", count: 3);
        var untrustedSpoofing = await StatusesFrom(factory.Server, "192.0.2.99", forwardedFor: "203.0.113.8", count: 1);

        Assert.Equal([200, 200, 429], first);
        Assert.Equal([200], second);
        Assert.Equal([200, 200, 429], untrusted);
        Assert.Equal([429], untrustedSpoofing);
    }

    [Theory]
    [InlineData("RateLimiting:PermitsPerSecond", "0")]
    [InlineData("RateLimiting:Burst", "-1")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99")]
    public void Host_InvalidLimiterSettings_FailsToStartNamingKey(string key, string value)
    {
        using var factory = new ApiFactory("Production", new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(key.Split(':')[0], error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<List<int>> StatusesFrom(TestServer server, string remoteAddress, string? forwardedFor, int count)
    {
        using var client = new HttpClient(server.CreateHandler(c => c.Connection.RemoteIpAddress = IPAddress.Parse(remoteAddress)))
        {
            BaseAddress = server.BaseAddress,
        };
        var statuses = new List<int>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Validate) { Content = ApiFactory.Json("""{"reference":"nginx"}""") };
            if (forwardedFor is not null)
            {
                request.Headers.Add("X-Forwarded-For", forwardedFor);
            }

            using var response = await client.SendAsync(request);
            statuses.Add((int)response.StatusCode);
        }

        return statuses;
    }
}
