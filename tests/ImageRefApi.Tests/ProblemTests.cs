using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace ImageRefApi.Tests;

internal static class Problems
{
    /// <summary>Asserts an RFC 9457 problem with the status and a trace id, and returns it.</summary>
    public static async Task<JsonObject> Read(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        Assert.False(string.IsNullOrEmpty((string?)problem["traceId"]));
        return problem;
    }
}

[Collection(SharedHosts.Name)]
public sealed class ProblemTests(ApiHosts hosts)
{
    private const string Validate = "/v1/references/validate";
    private const string Batch = "/v1/references/validate/batch";

    public static TheoryData<string, string, string, string> ValidationProblems
    {
        get
        {
            var data = new TheoryData<string, string, string, string>();
            foreach (var environment in new[] { "Development", "Production" })
            {
                data.Add(environment, Validate, "", "body");
                data.Add(environment, Validate, "{}", "reference");
                data.Add(environment, Validate, """{"reference":null}""", "reference");
                data.Add(environment, Validate, """{"reference":42}""", "reference");
                data.Add(environment, Validate, """{"reference":["nginx"]}""", "reference");
                data.Add(environment, Validate, """{"reference":{"name":"nginx"}}""", "reference");
                data.Add(environment, Validate, """{"reference":"nginx","policy":7}""", "policy");
                data.Add(environment, Batch, "", "body");
                data.Add(environment, Batch, "{}", "references");
                data.Add(environment, Batch, """{"references":[]}""", "references");
                data.Add(environment, Batch, """{"references":"nginx"}""", "references");
                data.Add(environment, Batch, """{"references":["nginx",null]}""", "references[1]");
                data.Add(environment, Batch, """{"references":["nginx",true]}""", "references[1]");
                data.Add(environment, Batch, "{\"references\":[" + string.Join(',', Enumerable.Repeat("\"nginx\"", 1001)) + "]}", "references");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ValidationProblems))]
    public async Task Post_BadRequestShape_Returns400ValidationProblemNamingField(string environment, string path, string json, string field)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.PostAsync(path, ApiFactory.Json(json));

        var problem = await Problems.Read(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"errors name {string.Join(", ", errors.Select(e => e.Key))}, not {field}");
    }

    [Theory]
    [InlineData("Development", """{"reference":"nginx",""", 1, 21)]
    [InlineData("Production", """{"reference":"nginx",""", 1, 21)]
    [InlineData("Production", "{\n  \"reference\": 'nginx'\n}", 2, 16)]
    [InlineData("Production", "not json", 1, 2)]
    public async Task PostValidate_MalformedJson_Returns400SayingWhere(string environment, string json, int line, int position)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.PostAsync(Validate, ApiFactory.Json(json));

        var problem = await Problems.Read(response, HttpStatusCode.BadRequest);
        Assert.Equal(line, (int)problem["line"]!);
        Assert.Equal(position, (int)problem["bytePosition"]!);
        Assert.Contains($"line {line}", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", Validate)]
    [InlineData("Production", Validate)]
    [InlineData("Production", Batch)]
    public async Task Post_WrongContentType_Returns415Problem(string environment, string path)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.PostAsync(path, new StringContent("""{"reference":"nginx"}""", Encoding.UTF8, "text/plain"));

        await Problems.Read(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("Development", Validate)]
    [InlineData("Production", Validate)]
    [InlineData("Production", Batch)]
    public async Task Post_BodyOverOneMebibyte_Returns413Problem(string environment, string path)
    {
        using var client = hosts[environment].CreateClient();
        var json = "{\"reference\":\"" + new string('a', 1024 * 1024) + "\"}";

        using var response = await client.PostAsync(path, ApiFactory.Json(json));

        await Problems.Read(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task Get_UnknownRoute_Returns404Problem(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.GetAsync("/v1/nothing-here");

        await Problems.Read(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task Get_ValidateWithWrongMethod_Returns405Problem(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.GetAsync(Validate);

        await Problems.Read(response, HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public async Task Post_UnexpectedException_Returns500WithTraceIdAndInternalsOnlyInDevelopment(string environment, bool showsInternals)
    {
        using var factory = new ApiFactory(environment) { InjectFault = true };
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(Validate, new { reference = ApiFactory.FaultInput });

        var problem = await Problems.Read(response, HttpStatusCode.InternalServerError);
        var text = problem.ToJsonString();
        Assert.Equal(showsInternals, text.Contains("secret-internal-detail", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FaultInjectingParser", text, StringComparison.Ordinal);
    }
}
