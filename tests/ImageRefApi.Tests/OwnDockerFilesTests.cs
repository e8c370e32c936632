using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ImageRefApi.Tests;

/// <summary>The project's own container files (docker/), scanned by the product: they must be clean.</summary>
[Collection(SharedHosts.Name)]
public sealed class OwnDockerFilesTests(ApiHosts hosts)
{
    [Fact]
    public async Task PostScan_ProjectDockerFiles_HaveNoErrorsOrWarnings()
    {
        var docker = Path.Combine(RepositoryRoot(), "docker");
        Assert.True(Directory.Exists(docker), $"the repository has no docker/ directory ({docker})");
        var files = Directory.EnumerateFiles(docker, "*", SearchOption.AllDirectories)
            .Select(f => (Path: Path.GetRelativePath(RepositoryRoot(), f).Replace('\\', '/'), Kind: KindOf(f)))
            .Where(f => f.Kind is not null)
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();

        // The deployment story is a Dockerfile, a Compose file and Kubernetes manifests; each must be there.
        Assert.Equal(["compose", "dockerfile", "kubernetes"], files.Select(f => f.Kind!).Distinct().Order(StringComparer.Ordinal));

        using var client = hosts.Production.CreateClient();
        var problems = new List<string>();
        var findings = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (path, kind) in files)
        {
            using var response = await client.PostAsJsonAsync("/v1/scan", new { kind, path, content = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), path)) });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {text}");
            var body = JsonNode.Parse(text)!;
            findings[kind!] = findings.GetValueOrDefault(kind!) + body["findings"]!.AsArray().Count;
            var all = body["diagnostics"]!.AsArray()
                .Concat(body["findings"]!.AsArray().SelectMany(f => f!["result"]?["diagnostics"]?.AsArray() ?? []));
            problems.AddRange(all
                .Where(d => (string?)d!["severity"] is "error" or "warning")
                .Select(d => $"{path}:{d!["location"]!["line"]}:{d["location"]!["column"]} {d["severity"]} {d["code"]}: {d["message"]}"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));

        // Each kind really holds image references: a scanner that found nothing would pass the check above.
        Assert.All(findings, f => Assert.True(f.Value > 0, $"no image reference found in the {f.Key} files"));
    }

    /// <summary>The kind of a file by its name, or null for files that are not scanned (README, .env, …).</summary>
    internal static string? KindOf(string file)
    {
        var name = Path.GetFileName(file).ToLowerInvariant();
        var yaml = name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal);
        return name.StartsWith("dockerfile", StringComparison.Ordinal) || name.StartsWith("containerfile", StringComparison.Ordinal) || name.EndsWith(".dockerfile", StringComparison.Ordinal)
            ? "dockerfile"
            : yaml && (name.StartsWith("compose", StringComparison.Ordinal) || name.StartsWith("docker-compose", StringComparison.Ordinal))
            ? "compose"
            : yaml ? "kubernetes" : null;
    }

    /// <summary>The directory holding ImageRefApi.sln, found upwards from the test binaries.</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImageRefApi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ImageRefApi.sln above {AppContext.BaseDirectory}.");
    }
}
