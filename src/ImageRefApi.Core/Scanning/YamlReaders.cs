using System.Globalization;
using ImageRefApi.Core.Parsing;
using YamlDotNet.Core;

namespace ImageRefApi.Core.Scanning;

/// <summary>Where a YAML scalar's text is written, and that text.</summary>
internal static class YamlText
{
    public static (string Written, int Start, int End) Written(string content, YamlScalar scalar)
    {
        var start = scalar.Start;
        var end = Math.Min(scalar.End, content.Length);
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted && end - start >= 2)
        {
            start++;
            end--;
        }

        if (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded || end < start)
        {
            return (scalar.Value, scalar.Start, Math.Max(scalar.Start, end));
        }

        return (content[start..end], start, end);
    }
}

/// <summary>Compose: <c>services.&lt;name&gt;.image</c>, interpolated as Compose does.</summary>
internal static class ComposeReader
{
    public static void Read(string content, YamlDocuments documents, ScanSink sink)
    {
        foreach (var root in documents.Roots)
        {
            if (root is not YamlMapping map || map.Get("services") is not YamlMapping services)
            {
                continue;
            }

            foreach (var (key, value) in services.Entries)
            {
                if (key is not YamlScalar name || value is not YamlMapping service || service.Get("image") is not YamlScalar image)
                {
                    // A service with only build: has no image to judge.
                    continue;
                }

                if (image.Style == ScalarStyle.Plain && image.Value is "" or "~" or "null" or "Null" or "NULL")
                {
                    continue;
                }

                Image(content, image, $"services.{name.Value}.image", sink);
            }
        }
    }

    private static void Image(string content, YamlScalar image, string context, ScanSink sink)
    {
        var (written, start, end) = YamlText.Written(content, image);
        if (image.Value.IndexOf('$', StringComparison.Ordinal) < 0)
        {
            sink.Findings.Add(new RawFinding(written, start, end, image.Value, context, null, []));
            return;
        }

        // Compose reads no environment here: every variable is unset, so only defaults resolve.
        var resolved = VariableExpander.ExpandCompose(image.Value, _ => Variable.Undeclared, out var expansion);
        if (expansion.Error is not null)
        {
            sink.Add(ScanDiagnostics.ComposeInvalidInterpolation, Severity.Error, expansion.Error, start, end);
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in expansion.Unresolved)
        {
            if (reported.Add(name))
            {
                sink.Add(ScanDiagnostics.UnresolvedVariable, Severity.Warning,
                    $"The \"{name}\" variable has no default in the file, so the reference cannot be resolved; Compose takes it from the environment or .env (when it is unset, ${{{name}}} and ${{{name}:-…}} become blank or the default, while ${{{name}:?…}} and ${{{name}?…}} stop Compose with an error).",
                    start, end);
            }
        }

        sink.Findings.Add(new RawFinding(written, start, end, resolved, context, null, expansion.Substitutions));
    }
}

/// <summary>Kubernetes: the pod template of every workload kind, in every document and List item.</summary>
internal static class KubernetesReader
{
    private static readonly string[] ContainerFields = ["containers", "initContainers", "ephemeralContainers"];

    public static void Read(string content, YamlDocuments documents, ScanSink sink)
    {
        foreach (var root in documents.Roots)
        {
            if (root is YamlMapping map)
            {
                Resource(content, map, "", sink, depth: 0);
            }
        }
    }

    private static void Resource(string content, YamlMapping resource, string prefix, ScanSink sink, int depth)
    {
        var kind = resource.GetString("kind");
        var name = resource.Get("metadata") is YamlMapping metadata ? metadata.GetString("name") : null;
        var label = name is null ? kind : $"{kind}/{name}";
        switch (kind)
        {
            case "Pod":
                PodSpec(content, resource.Get("spec"), prefix + "spec", label, sink);
                break;
            case "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "ReplicationController" or "Job":
                Template(content, (resource.Get("spec") as YamlMapping)?.Get("template"), prefix + "spec.template", label, sink);
                break;
            case "CronJob":
                var jobSpec = ((resource.Get("spec") as YamlMapping)?.Get("jobTemplate") as YamlMapping)?.Get("spec") as YamlMapping;
                Template(content, jobSpec?.Get("template"), prefix + "spec.jobTemplate.spec.template", label, sink);
                break;
            case "PodTemplate":
                Template(content, resource.Get("template"), prefix + "template", label, sink);
                break;
            case not null when kind.EndsWith("List", StringComparison.Ordinal) && depth < 4:
                if (resource.Get("items") is YamlSequence items)
                {
                    for (var i = 0; i < items.Items.Count; i++)
                    {
                        if (items.Items[i] is YamlMapping item)
                        {
                            Resource(content, item, $"{prefix}items[{Index(i)}].", sink, depth + 1);
                        }
                    }
                }

                break;
        }
    }

    private static void Template(string content, YamlNode? template, string path, string? label, ScanSink sink) =>
        PodSpec(content, (template as YamlMapping)?.Get("spec"), path + ".spec", label, sink);

    private static void PodSpec(string content, YamlNode? spec, string path, string? label, ScanSink sink)
    {
        if (spec is not YamlMapping podSpec)
        {
            return;
        }

        // Entries in written order, so findings come in file order whatever order the fields are written in.
        foreach (var (key, value) in podSpec.Entries)
        {
            if (key is not YamlScalar { Value: var field } || Array.IndexOf(ContainerFields, field) < 0 || value is not YamlSequence containers)
            {
                continue;
            }

            for (var i = 0; i < containers.Items.Count; i++)
            {
                if (containers.Items[i] is YamlMapping container && container.Get("image") is YamlScalar image)
                {
                    var (written, start, end) = YamlText.Written(content, image);
                    sink.Findings.Add(new RawFinding(written, start, end, image.Value, $"{path}.{field}[{Index(i)}].image", label, []));
                }
            }
        }
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}
