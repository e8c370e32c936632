using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ImageRefApi.Tests;

/// <summary>
/// Thousands of random and hostile bodies to every POST endpoint the host maps (found from its endpoint data source,
/// so endpoints added later are covered too): never a 5xx, always a 200 or a 4xx problem, and still ready afterwards.
/// Deterministic: the seed is fixed, and a failure prints the endpoint, the content type and the body.
/// </summary>
public sealed class AbuseTests
{
    private const int Seed = 20_260_603;
    private const int BodiesPerEndpoint = 1_500;

    private static readonly string[] Fields = ["reference", "references", "policy", "content", "format", "name", "platform", "path", "kind", "rules", "items"];
    private static readonly string[] Corpus = [.. Tests.Corpus.Read("realistic-10k.jsonl").Take(200).Select(r => r.Input)];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json", "application/json", "application/json; charset=utf-8",
        "application/json; charset=utf-16", "application/problem+json", "text/plain", "application/xml",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream", "", "application/json; charset=nonsense",
    ];

    [Fact]
    public async Task PostEndpoints_ThousandsOfHostileBodies_NeverServerErrorAndStillReady()
    {
        // Generous body and timeout limits so that the bodies reach the parsers; the default 1 MiB limit is tested elsewhere.
        using var factory = new ApiFactory("Production", new Dictionary<string, string?> { ["Api:MaxRequestBodyBytes"] = "2097152" });
        using var client = factory.CreateClient();
        var endpoints = PostEndpoints(factory.Services);
        Assert.Contains("/v1/references/validate", endpoints);
        Assert.Contains("/v1/references/validate/batch", endpoints);

        var random = new Random(Seed);
        var cases = new List<(string Path, string ContentType, byte[] Body)>();
        foreach (var path in endpoints)
        {
            for (var i = 0; i < BodiesPerEndpoint; i++)
            {
                var body = Body(random, i);
                var type = i % 5 == 4 ? ContentTypes[random.Next(ContentTypes.Length)] : "application/json";
                cases.Add((path, type, body));
            }
        }

        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = deadline.Token }, async (c, ct) =>
        {
            var failure = await Check(client, c.Path, c.ContentType, c.Body, ct);
            if (failure is not null)
            {
                failures.Enqueue(failure);
            }
        });
        clock.Stop();

        using var ready = await client.GetAsync("/health/ready");
        Assert.True(failures.IsEmpty, $"{failures.Count} failures (seed {Seed}); first ones:\n" + string.Join("\n", failures.DistinctBy(f => f[..f.IndexOf(':', StringComparison.Ordinal)]).Take(8)));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{cases.Count} requests took {clock.Elapsed}");
    }

    /// <summary>Every literal route that accepts POST (route parameters filled with a plausible value).</summary>
    private static List<string> PostEndpoints(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => "/" + string.Join('/', e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart sep => sep.Content,
                _ => "strict",
            })))))
            .Distinct()
            .Order(StringComparer.Ordinal)];

    private static async Task<string?> Check(HttpClient client, string path, string contentType, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        if (contentType.Length > 0)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await client.PostAsync(path, content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = (int)response.StatusCode;
        string? problem = null;
        if (status >= 500 || status < 200 || (status >= 300 && status < 400))
        {
            problem = $"status {status}";
        }
        else if (status >= 400)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                problem = $"status {status} without a problem body ({response.Content.Headers.ContentType})";
            }
            else if (!TryParse(text, out var node) || (int?)node?["status"] != status)
            {
                problem = $"status {status} with a problem that does not say so";
            }
        }
        else if (!TryParse(text, out _))
        {
            problem = "200 that is not JSON";
        }

        return problem is null ? null : $"POST {path} [{contentType}] → {problem}: {Show(body)} ⇒ {Truncate(text, 300)}";
    }

    private static bool TryParse(string text, out JsonNode? node)
    {
        try
        {
            node = JsonNode.Parse(text);
            return node is not null;
        }
        catch (System.Text.Json.JsonException)
        {
            node = null;
            return false;
        }
    }

    /// <summary>One hostile body; <paramref name="i"/> cycles through the families so every family is well represented.</summary>
    private static byte[] Body(Random random, int i) => (i % 16) switch
    {
        0 => RandomBytes(random, random.Next(0, 2048)),
        1 => Truncate(Encoding.UTF8.GetBytes(RandomObject(random, 3)), random),
        2 => Encoding.UTF8.GetBytes(Nesting(random)),
        3 => Encoding.UTF8.GetBytes($"{{\"{Pick(random, Fields)}\":\"{new string((char)random.Next('a', 'z' + 1), random.Next(4_000, i % 64 == 3 ? 1_500_000 : 120_000))}\"}}"),
        4 => Encoding.UTF8.GetBytes(RandomObject(random, 2)),
        5 => InvalidUtf8(random),
        6 => Encoding.UTF8.GetBytes($"{{\"{Pick(random, Fields)}\":\"{Pick(random, LoneSurrogates)}{Pick(random, Corpus)}\"}}"),
        7 => Nul(random),
        8 => Encoding.UTF8.GetBytes($"{{\"reference\":{Json(Pick(random, Corpus))},\"references\":[{string.Join(',', Enumerable.Range(0, random.Next(0, 40)).Select(_ => Json(Mutate(random, Pick(random, Corpus)))))}]}}"),
        9 => Encoding.UTF8.GetBytes(Pick(random, Oddities)),
        10 => Encoding.UTF8.GetBytes($"{{\"references\":[{string.Join(',', Enumerable.Repeat("\"a\"", random.Next(999, 1_003)))}]}}"),
        11 => Encoding.UTF8.GetBytes($"{{\"{Pick(random, Fields)}\":{RandomValue(random, 4)},\"{Pick(random, Fields)}\":{RandomValue(random, 4)}}}"),
        12 => Encoding.Unicode.GetBytes(RandomObject(random, 2)),
        13 => Encoding.UTF8.GetBytes("\uFEFF" + RandomObject(random, 2)),
        14 => Encoding.UTF8.GetBytes($"{{\"reference\":{Json(Mutate(random, Pick(random, Corpus)))},\"policy\":{RandomValue(random, 3)}}}"),
        _ => Encoding.UTF8.GetBytes($"{{\"references\":{RandomValue(random, 3)},\"reference\":{RandomValue(random, 2)}}}"),
    };

    private static readonly string[] LoneSurrogates = ["\\ud800", "\\udfff", "\\ud83d", "\\ude00x", "\\udbff\\udbff", "\\u0000", "\\u001b[31m"];

    private static readonly string[] Oddities =
    [
        "", " ", "null", "true", "0", "-0", "1e999999", "\"nginx\"", "[]", "{}", "[\"nginx\"]", "{\"reference\":null}",
        "{\"references\":null}", "{\"references\":[]}", "{\"references\":[null]}", "{\"reference\":\"nginx\",}", "{\"reference\":\"nginx\" /* c */}",
        "{\"reference\":\"a\",\"reference\":\"b\"}", "{\"reference\":'nginx'}", "{reference:\"nginx\"}", "{\"reference\":\"nginx\"}{}",
        "{\"reference\":\"nginx\"}\u0000", "{\"reference\":12345678901234567890123}", "{\"references\":[1,2,3]}", "{\"references\":{\"0\":\"a\"}}",
        "{\"policy\":[1]}", "{\"policy\":{\"disallowLatest\":\"yes\"}}", "{\"policy\":{\"allowedRegistries\":[{}]}}", "{\"reference\":\"nginx\",\"policy\":\"no-such-policy\"}",
        "{\"content\":\"FROM nginx\",\"format\":\"nonsense\"}", "{\"content\":null}", "{\"\":\"\"}", "{\"reference\":\"nginx\"" + new string(' ', 10_000),
    ];

    private static string Nesting(Random random)
    {
        var depth = random.Next(2) == 0 ? 10_000 : random.Next(60, 200);
        var (open, close) = random.Next(3) switch
        {
            0 => ("[", "]"),
            1 => ("{\"a\":", "}"),
            _ => ("{\"references\":[", "]}"),
        };
        var builder = new StringBuilder("{\"reference\":");
        for (var d = 0; d < depth; d++)
        {
            builder.Append(open);
        }

        builder.Append("\"nginx\"");
        for (var d = 0; d < depth; d++)
        {
            builder.Append(close);
        }

        return builder.Append('}').ToString();
    }

    private static byte[] InvalidUtf8(Random random)
    {
        byte[][] bad = [[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80]];
        var prefix = Encoding.UTF8.GetBytes($"{{\"{Pick(random, Fields)}\":\"{Pick(random, Corpus)}");
        return [.. prefix, .. bad[random.Next(bad.Length)], .. Encoding.UTF8.GetBytes("\"}")];
    }

    private static byte[] Nul(Random random)
    {
        var text = $"{{\"reference\":\"nginx\0:1\",\"references\":[\"a\0\"]}}";
        var bytes = Encoding.UTF8.GetBytes(text);
        return random.Next(2) == 0 ? bytes : [0, .. bytes];
    }

    private static string RandomObject(Random random, int depth)
    {
        var count = random.Next(0, 4);
        return "{" + string.Join(',', Enumerable.Range(0, count).Select(_ => $"\"{Pick(random, Fields)}\":{RandomValue(random, depth)}")) + "}";
    }

    private static string RandomValue(Random random, int depth) => random.Next(depth <= 0 ? 6 : 9) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 => random.Next(int.MinValue, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
        3 => "1.5e308",
        4 => Json(Pick(random, Corpus)),
        5 => Json(Mutate(random, Pick(random, Corpus))),
        6 => "[" + string.Join(',', Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomValue(random, depth - 1))) + "]",
        7 => RandomObject(random, depth - 1),
        _ => Json(Pick(random, ["strict", "default", "permissive", "STRICT", "", "dockerfile", "compose", "kubernetes", "sarif", "json"])),
    };

    private static string Mutate(Random random, string s)
    {
        var chars = s.ToCharArray();
        for (var k = random.Next(1, 4); k > 0 && chars.Length > 0; k--)
        {
            chars[random.Next(chars.Length)] = (char)random.Next(0, 0x3000);
        }

        return new string(chars);
    }

    // System.Text.Json escapes lone surrogates and control characters, so the string stays valid JSON.
    private static string Json(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Truncate(byte[] bytes, Random random) => bytes.Length <= 1 ? bytes : bytes[..random.Next(1, bytes.Length)];

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    private static string Show(byte[] body)
    {
        var shown = body.Length > 200 ? body[..200] : body;
        var text = Encoding.UTF8.GetString(shown).Replace("\0", "\\0", StringComparison.Ordinal);
        return $"({body.Length} bytes) {Truncate(text, 200)} | hex {Convert.ToHexString(shown.AsSpan(0, Math.Min(shown.Length, 48)))}";
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
