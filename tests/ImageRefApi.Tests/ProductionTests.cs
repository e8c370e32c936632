using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageRefApi.Tests;

/// <summary>Limits, timeouts, headers, CORS, the Swagger switch and graceful shutdown (issue 6).</summary>
[Collection(SharedHosts.Name)]
public sealed class ProductionTests(ApiHosts hosts)
{
    private const string Validate = "/v1/references/validate";
    private const string Batch = "/v1/references/validate/batch";

    public static TheoryData<string> EveryKindOfResponse => new()
    {
        "GET /health/live",
        "GET /health/ready",
        "GET /v1/diagnostics",
        "GET /swagger/index.html",
        "GET /nowhere",
        "POST /v1/references/validate {\"reference\":\"nginx\"}",
        "POST /v1/references/validate {\"reference\":",
        "POST /v1/references/validate/batch {}",
    };

    [Theory]
    [MemberData(nameof(EveryKindOfResponse))]
    public async Task AnyResponse_Always_HasNoSniff(string request)
    {
        using var client = hosts.Production.CreateClient();

        using var response = await Send(client, request);

        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }

    [Fact]
    public async Task AnyResponse_UnexpectedException_StillHasNoSniff()
    {
        using var factory = new ApiFactory("Production") { InjectFault = true };
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(Validate, new { reference = ApiFactory.FaultInput });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }

    [Fact]
    public void Kestrel_Configured_SendsNoServerHeader()
    {
        // The test server never writes a Server header itself, so the Kestrel option is what is checked here;
        // tests/load/run-load.sh checks the header on the real server.
        var kestrel = hosts.Production.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.False(kestrel.AddServerHeader);
    }

    [Fact]
    public async Task Cors_NotConfigured_SendsNoCorsHeaders()
    {
        using var client = hosts.Production.CreateClient();

        using var preflight = await client.SendAsync(Preflight("https://ci.example.com"));
        using var post = await PostWithOrigin(client, "https://ci.example.com");

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(post.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
    }

    [Fact]
    public async Task Cors_OriginsConfigured_AllowsOnlyThoseOrigins()
    {
        using var factory = new ApiFactory("Production", new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = "https://ci.example.com" });
        using var client = factory.CreateClient();

        using var allowed = await client.SendAsync(Preflight("https://ci.example.com"));
        using var other = await client.SendAsync(Preflight("https://evil.example.net"));
        using var post = await PostWithOrigin(client, "https://ci.example.com");

        Assert.Equal(["https://ci.example.com"], allowed.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(["https://ci.example.com"], post.Headers.GetValues("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Swagger_Disabled_UiAndDocumentAre404ButApiWorks()
    {
        using var factory = new ApiFactory("Production", new Dictionary<string, string?> { ["Swagger:Enabled"] = "false" });
        using var client = factory.CreateClient();

        using var ui = await client.GetAsync("/swagger/index.html");
        using var document = await client.GetAsync("/swagger/v1/swagger.json");
        using var api = await client.PostAsJsonAsync(Validate, new { reference = "nginx" });

        Assert.Equal(HttpStatusCode.NotFound, ui.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, document.StatusCode);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task Swagger_ByDefault_IsServed()
    {
        using var client = hosts.Production.CreateClient();

        using var ui = await client.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }

    public static TheoryData<string, string, string> OverLongReferences => new()
    {
        { Validate, "{\"reference\":\"" + new string('a', 4097) + "\"}", "reference" },
        { Batch, "{\"references\":[\"nginx\",\"" + new string('a', 4097) + "\"]}", "references[1]" },
    };

    [Theory]
    [MemberData(nameof(OverLongReferences))]
    public async Task Post_ReferenceOverParserLimit_Returns400NamingFieldAndLimit(string path, string json, string field)
    {
        using var client = hosts.Production.CreateClient();

        using var response = await client.PostAsync(path, ApiFactory.Json(json));

        var problem = await Problems.Read(response, HttpStatusCode.BadRequest);
        var message = (string)problem["errors"]![field]![0]!;
        Assert.Contains("4097", message, StringComparison.Ordinal);
        Assert.Contains("Parser:MaxInputLength", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostValidate_ReferenceExactlyAtLimit_IsAnalysed()
    {
        using var client = hosts.Production.CreateClient();

        using var response = await client.PostAsJsonAsync(Validate, new { reference = new string('a', 4096) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PostValidate_OneMebibyteReferenceUnderRaisedBodyLimit_IsRefusedFastWithoutAnalysis()
    {
        using var factory = new ApiFactory("Production", new Dictionary<string, string?>
        {
            ["Api:MaxRequestBodyBytes"] = (8 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Parser:MaxInputLength"] = "100",
        })
        { InjectFault = true };
        using var client = factory.CreateClient();

        // The fault-injecting parser throws on one input; a reference that long and starting with it would reach it only if analysed.
        var reference = ApiFactory.FaultInput + new string('a', 1024 * 1024);
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync(Validate, new { reference });
        started.Stop();

        var problem = await Problems.Read(response, HttpStatusCode.BadRequest);
        Assert.Contains("limit is 100", (string)problem["errors"]!["reference"]![0]!, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task Get_HandlerSlowerThanRequestTimeout_Returns503Problem()
    {
        using var factory = new ApiFactory("Production", new Dictionary<string, string?> { ["Api:RequestTimeoutSeconds"] = "1" })
        {
            ExtraServices = SlowReadinessCheck.Add(TimeSpan.FromSeconds(20)),
        };
        using var client = factory.CreateClient();

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.GetAsync("/health/ready");

        var problem = await Problems.Read(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Api:RequestTimeoutSeconds", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task Get_RequestTimeoutOff_SlowHandlerCompletes()
    {
        using var factory = new ApiFactory("Production", new Dictionary<string, string?> { ["Api:RequestTimeoutSeconds"] = "0" })
        {
            ExtraServices = SlowReadinessCheck.Add(TimeSpan.FromSeconds(1.5)),
        };
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Api:MaxScanContentBytes", "0")]
    [InlineData("Api:RequestTimeoutSeconds", "-1")]
    [InlineData("Api:ShutdownTimeoutSeconds", "0")]
    [InlineData("Api:ShutdownDelaySeconds", "40")]
    public async Task GetHealthReady_InvalidProductionLimit_Returns503NamingKey(string key, string value)
    {
        using var factory = new ApiFactory("Production", new Dictionary<string, string?> { [key] = value });
        using var client = factory.CreateClient();

        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains(key, (string)JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["checks"]!["configuration"]!["description"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json; charset=nonsense", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=\"\"", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=utf-8", HttpStatusCode.OK)]
    [InlineData("application/json; charset=\"UTF-8\"", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=UTF-8", HttpStatusCode.OK)]
    [InlineData("application/json; charset=utf8", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=us-ascii", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=utf-7", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=iso-8859-1", HttpStatusCode.UnsupportedMediaType)]
    public async Task PostValidate_DeclaredCharset_AnythingButUtf8Is415Problem(string contentType, HttpStatusCode expected)
    {
        using var client = hosts.Production.CreateClient();
        using var content = new ByteArrayContent("{\"reference\":\"nginx\"}"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await client.PostAsync(Validate, content);

        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            await Problems.Read(response, expected);
        }
    }

    [Fact]
    public void ApiOptions_Defaults_BindFromAppSettings()
    {
        var api = hosts.Production.Services.GetRequiredService<IOptions<Infrastructure.ApiOptions>>().Value;

        Assert.Equal(1024 * 1024, api.MaxScanContentBytes);
        Assert.Equal(30, api.RequestTimeoutSeconds);
    }

    [Fact]
    public void HostShutdownTimeout_Configured_FollowsApiShutdownTimeoutSeconds()
    {
        using var factory = new ApiFactory("Production", new Dictionary<string, string?> { ["Api:ShutdownTimeoutSeconds"] = "17" });

        var host = factory.Services.GetRequiredService<IOptions<HostOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(17), host.ShutdownTimeout);
    }

    [Fact]
    public async Task GetHealthReady_StoppingSignalled_Returns503WhileLiveAndApiStillAnswerDuringTheDrain()
    {
        using var factory = new ApiFactory("Production", new Dictionary<string, string?> { ["Api:ShutdownDelaySeconds"] = "3" });
        using var client = factory.CreateClient();
        using var before = await client.GetAsync("/health/ready");

        factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        using var after = await client.GetAsync("/health/ready");
        using var live = await client.GetAsync("/health/live");
        using var api = await client.PostAsJsonAsync(Validate, new { reference = "nginx" });

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
        var body = JsonNode.Parse(await after.Content.ReadAsStringAsync())!;
        Assert.Equal("unhealthy", (string?)body["checks"]!["shutdown"]!["status"]);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string request)
    {
        var parts = request.Split(' ', 3);
        var message = new HttpRequestMessage(new HttpMethod(parts[0]), parts[1]);
        if (parts.Length == 3)
        {
            message.Content = ApiFactory.Json(parts[2]);
        }

        return client.SendAsync(message);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, Validate);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    private static Task<HttpResponseMessage> PostWithOrigin(HttpClient client, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Validate) { Content = ApiFactory.Json("{\"reference\":\"nginx\"}") };
        request.Headers.Add("Origin", origin);
        return client.SendAsync(request);
    }
}

/// <summary>A readiness check that takes its time and honours cancellation, like a slow dependency would.</summary>
internal sealed class SlowReadinessCheck(TimeSpan delay) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public static Action<IServiceCollection> Add(TimeSpan delay) =>
        services => services.AddHealthChecks().AddCheck("slow", new SlowReadinessCheck(delay), tags: ["ready"]);

    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, cancellationToken);
        return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy();
    }
}
