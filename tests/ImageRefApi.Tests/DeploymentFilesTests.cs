using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using YamlDotNet.RepresentationModel;

namespace ImageRefApi.Tests;

/// <summary>
/// No container engine or cluster runs here, so the deployment files are parsed and their required properties
/// checked. TODO(scan): scanning these files with the product itself (POST /v1/scan) is added by another branch;
/// it should expect no finding.
/// </summary>
public sealed class DeploymentFilesTests
{
    private static readonly string Root = FindRoot();
    private static readonly string[] RootUsers = ["root", "0", "0:0", "root:root"];
    private static readonly string[] ProbeTargets = ["http", "8080"];
    private static readonly string[] Probes = ["livenessProbe", "readinessProbe"];
    private static readonly string[] SecretNames = ["PASSWORD", "SECRET", "TOKEN", "APIKEY", "API_KEY"];

    [Fact]
    public void Dockerfile_BuildStage_IsPinnedSdkWithRestoreLayerBeforeSources()
    {
        var lines = DockerfileInstructions();
        var froms = lines.Where(l => l.Instruction == "FROM").Select(l => l.Arguments).ToList();

        Assert.Equal(2, froms.Count);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:10\.0\.\d{3}(-[a-z]+)? AS build$", froms[0]);
        var restore = lines.FindIndex(l => l.Instruction == "RUN" && l.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var sources = lines.FindIndex(l => l.Instruction == "COPY" && l.Arguments.StartsWith("src/ ", StringComparison.Ordinal));
        var publish = lines.FindIndex(l => l.Instruction == "RUN" && l.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.True(restore > 0 && restore < sources && sources < publish, $"restore {restore}, sources {sources}, publish {publish}");
        var copiedBeforeRestore = string.Join(' ', lines.Take(restore).Where(l => l.Instruction == "COPY").Select(l => l.Arguments));
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", "appsettings.json", "ImageRefApi.csproj", "ImageRefApi.Core.csproj" })
        {
            Assert.Contains(file, copiedBeforeRestore, StringComparison.Ordinal);
        }

        // Every file the restore layer copies exists, or the build would fail on a clean checkout.
        foreach (var copy in lines.Take(restore).Where(l => l.Instruction == "COPY"))
        {
            var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(parts[..^1], source => Assert.True(File.Exists(Path.Combine(Root, source)), $"{source} does not exist"));
        }
    }

    [Fact]
    public void Dockerfile_RuntimeStage_IsPinnedChiseledNonRootOn8080WithoutSecrets()
    {
        var lines = DockerfileInstructions();
        var lastFrom = lines.FindLastIndex(l => l.Instruction == "FROM");
        var runtime = lines.Skip(lastFrom).ToList();

        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0\.\d+-[a-z]+-chiseled( AS \w+)?$", runtime[0].Arguments);
        var user = Assert.Single(runtime, l => l.Instruction == "USER").Arguments;
        Assert.DoesNotContain(user, RootUsers);
        Assert.Contains(runtime, l => l.Instruction == "EXPOSE" && l.Arguments == "8080");
        Assert.Contains(runtime, l => l.Instruction == "ENV" && l.Arguments.Contains("ASPNETCORE_HTTP_PORTS=8080", StringComparison.Ordinal));
        Assert.Contains(runtime, l => l.Instruction == "ENTRYPOINT" && l.Arguments.Contains("ImageRefApi.dll", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Instruction is "ARG" or "ENV" && ContainsSecretName(l.Arguments));
    }

    [Fact]
    public void DockerIgnore_AtContextRoot_ExcludesBuildOutputGitAndSecrets()
    {
        var entries = File.ReadAllLines(Path.Combine(Root, ".dockerignore")).Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#').ToHashSet();

        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", ".git/", "tests/", "**/.env" }, entries);
    }

    [Fact]
    public void Compose_Api_BuildsTheDockerfileFromTheRootReadOnlyOnLoopback()
    {
        var api = (YamlMappingNode)Map(LoadYaml("docker/compose.yaml").Single())["services"]["api"];

        var build = (YamlMappingNode)api["build"];
        Assert.Equal("..", Scalar(build["context"]));
        Assert.Equal("docker/Dockerfile", Scalar(build["dockerfile"]));
        Assert.Contains("127.0.0.1:8080:8080", ((YamlSequenceNode)api["ports"]).Select(Scalar));
        Assert.Equal("true", Scalar(api["read_only"]));
        Assert.Contains("ALL", ((YamlSequenceNode)api["cap_drop"]).Select(Scalar));
    }

    [Fact]
    public void Kubernetes_Manifests_HaveDeploymentServiceHpaAndPdbSelectingTheSamePods()
    {
        var documents = KubernetesDocuments();
        var byKind = documents.ToDictionary(d => Scalar(d["kind"]));

        Assert.Superset(new HashSet<string> { "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget" }, byKind.Keys.ToHashSet());
        var deployment = byKind["Deployment"];
        var name = Scalar(deployment["metadata"]["name"]);
        var podLabels = Labels(deployment["spec"]["template"]["metadata"]["labels"]);
        Assert.Equal(podLabels, Labels(deployment["spec"]["selector"]["matchLabels"]));
        Assert.Subset(podLabels.ToHashSet(), Labels(byKind["Service"]["spec"]["selector"]).ToHashSet());
        Assert.Subset(podLabels.ToHashSet(), Labels(byKind["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"]).ToHashSet());
        Assert.Equal(name, Scalar(byKind["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]["name"]));
        Assert.Equal("Deployment", Scalar(byKind["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]["kind"]));
        Assert.Equal("http", Scalar(byKind["Service"]["spec"]["ports"][0]["targetPort"]));
    }

    [Fact]
    public void Kubernetes_Deployment_ProbesResourcesAndLockedDownSecurityContext()
    {
        var deployment = KubernetesDocuments().Single(d => Scalar(d["kind"]) == "Deployment");
        var pod = deployment["spec"]["template"]["spec"];
        var container = Assert.Single((YamlSequenceNode)pod["containers"]);

        Assert.Equal("8080", Scalar(container["ports"][0]["containerPort"]));
        Assert.Equal("http", Scalar(container["ports"][0]["name"]));
        Assert.Equal("/health/live", Scalar(container["livenessProbe"]["httpGet"]["path"]));
        Assert.Equal("/health/ready", Scalar(container["readinessProbe"]["httpGet"]["path"]));
        Assert.All(Probes, p => Assert.Contains(Scalar(container[p]["httpGet"]["port"]), ProbeTargets));
        foreach (var kind in new[] { "requests", "limits" })
        {
            Assert.True(Map(container["resources"][kind]).Children.ContainsKey("memory"), $"resources.{kind}.memory");
        }

        Assert.True(Map(container["resources"]["requests"]).Children.ContainsKey("cpu"));
        var security = container["securityContext"];
        Assert.Equal("true", Scalar(security["runAsNonRoot"]));
        Assert.Equal("true", Scalar(security["readOnlyRootFilesystem"]));
        Assert.Equal("false", Scalar(security["allowPrivilegeEscalation"]));
        Assert.Equal(["ALL"], ((YamlSequenceNode)security["capabilities"]["drop"]).Select(Scalar));
        Assert.Equal("RuntimeDefault", Scalar(security["seccompProfile"]["type"]));
        Assert.Equal("true", Scalar(pod["securityContext"]["runAsNonRoot"]));

        var tmp = Assert.Single((YamlSequenceNode)container["volumeMounts"], m => Scalar(m["mountPath"]) == "/tmp");
        var volume = Assert.Single((YamlSequenceNode)pod["volumes"], v => Scalar(v["name"]) == Scalar(tmp["name"]));
        Assert.True(Map(volume).Children.ContainsKey("emptyDir"));

        // The process must finish its own graceful shutdown before the kubelet's SIGKILL.
        var env = ((YamlSequenceNode)container["env"]).ToDictionary(e => Scalar(e["name"]), e => Scalar(e["value"]));
        Assert.True(int.Parse(Scalar(pod["terminationGracePeriodSeconds"]), System.Globalization.CultureInfo.InvariantCulture)
            > int.Parse(env["Api__ShutdownTimeoutSeconds"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void AllImageReferences_InDeploymentFiles_PassTheStrictPolicy()
    {
        var images = DockerfileInstructions().Where(l => l.Instruction == "FROM").Select(l => l.Arguments.Split(' ')[0])
            .Append(Scalar(Map(LoadYaml("docker/compose.yaml").Single())["services"]["api"]["image"]))
            .Concat(KubernetesDocuments().Where(d => Scalar(d["kind"]) == "Deployment")
                .SelectMany(d => (YamlSequenceNode)d["spec"]["template"]["spec"]["containers"]).Select(c => Scalar(c["image"])))
            .ToList();
        using var services = new ServiceCollection().AddTagPolicies(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var policies = services.GetRequiredService<ITagPolicyService>();
        Assert.True(policies.TryGetPolicy("strict", out var strict));
        var parser = new ReferenceParser();

        Assert.Equal(4, images.Count);
        Assert.All(images, image =>
        {
            var evaluation = policies.Evaluate(parser.Analyze(image), strict, "strict");
            Assert.True(evaluation.Compliant, $"{image}: {string.Join("; ", evaluation.Diagnostics.Select(d => d.Code + " " + d.Message))}");
            Assert.DoesNotContain("latest", image, StringComparison.Ordinal);
        });
    }

    private static bool ContainsSecretName(string arguments) =>
        SecretNames.Any(s => arguments.Contains(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>The Dockerfile's instructions, continuation lines joined, comments dropped.</summary>
    private static List<(string Instruction, string Arguments)> DockerfileInstructions()
    {
        var result = new List<(string, string)>();
        var pending = "";
        foreach (var raw in File.ReadLines(Path.Combine(Root, "docker", "Dockerfile")))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            line = pending + line;
            pending = "";
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            result.Add((line[..space].ToUpperInvariant(), line[(space + 1)..].Trim()));
        }

        return result;
    }

    private static List<YamlMappingNode> KubernetesDocuments() =>
        Directory.GetFiles(Path.Combine(Root, "docker", "k8s"), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => LoadYaml(Path.GetRelativePath(Root, f))).Select(Map).ToList();

    private static List<YamlNode> LoadYaml(string relative)
    {
        using var reader = new StreamReader(Path.Combine(Root, relative));
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).ToList();
    }

    private static YamlMappingNode Map(YamlNode node) => Assert.IsType<YamlMappingNode>(node);

    private static string Scalar(YamlNode node) => Assert.IsType<YamlScalarNode>(node).Value ?? "";

    private static List<string> Labels(YamlNode node) => Map(node).Children.Select(p => $"{Scalar(p.Key)}={Scalar(p.Value)}").Order(StringComparer.Ordinal).ToList();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImageRefApi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ImageRefApi.sln not found above " + AppContext.BaseDirectory);
    }
}
