using ImageRefApi.Core.Parsing;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ImageRefApi.Core.Scanning;

internal abstract class YamlNode
{
    public int Start { get; init; }

    public int End { get; set; }
}

internal sealed class YamlScalar : YamlNode
{
    public required string Value { get; init; }

    public ScalarStyle Style { get; init; }
}

internal sealed class YamlMapping : YamlNode
{
    public List<(YamlNode Key, YamlNode Value)> Entries { get; } = [];

    /// <summary>The value of a plain key, following <c>&lt;&lt;</c> merge keys (YAML 1.1, used by Compose).</summary>
    public YamlNode? Get(string key, int depth = 0)
    {
        foreach (var (k, v) in Entries)
        {
            if (k is YamlScalar s && s.Value == key)
            {
                return v;
            }
        }

        if (depth > 8)
        {
            return null;
        }

        foreach (var (k, v) in Entries)
        {
            if (k is YamlScalar { Value: "<<", Style: ScalarStyle.Plain })
            {
                var merged = v switch
                {
                    YamlMapping m => m.Get(key, depth + 1),
                    YamlSequence seq => seq.Items.OfType<YamlMapping>().Select(m => m.Get(key, depth + 1)).FirstOrDefault(n => n is not null),
                    _ => null,
                };
                if (merged is not null)
                {
                    return merged;
                }
            }
        }

        return null;
    }

    public string? GetString(string key) => Get(key) is YamlScalar s ? s.Value : null;
}

internal sealed class YamlSequence : YamlNode
{
    public List<YamlNode> Items { get; } = [];
}

/// <summary>
/// The documents of a YAML stream as a light tree built from YamlDotNet's low-level parser events, which keep
/// the offset of every node. Built without recursion, so hostile nesting cannot overflow the stack. A syntax
/// error keeps every document completed before it.
/// </summary>
internal sealed class YamlDocuments
{
    private YamlDocuments(List<YamlNode> roots, RawDiagnostic? error)
    {
        Roots = roots;
        Error = error;
    }

    public IReadOnlyList<YamlNode> Roots { get; }

    public RawDiagnostic? Error { get; }

    public static YamlDocuments Parse(string content)
    {
        var roots = new List<YamlNode>();
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var stack = new Stack<(YamlNode Node, YamlNode? PendingKey)>();
        YamlNode? root = null;
        try
        {
            var parser = new Parser(new StringReader(content));
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                YamlNode? node = null;
                switch (ev)
                {
                    case DocumentStart:
                        anchors.Clear();
                        root = null;
                        continue;
                    case DocumentEnd:
                        if (root is not null)
                        {
                            roots.Add(root);
                        }

                        continue;
                    case Scalar scalar:
                        node = new YamlScalar { Value = scalar.Value, Style = scalar.Style, Start = Offset(scalar.Start), End = Offset(scalar.End) };
                        Remember(anchors, scalar, node);
                        break;
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out node))
                        {
                            node = new YamlScalar { Value = "", Start = Offset(alias.Start), End = Offset(alias.End) };
                        }

                        break;
                    case MappingStart mappingStart:
                        var mapping = new YamlMapping { Start = Offset(mappingStart.Start) };
                        Remember(anchors, mappingStart, mapping);
                        stack.Push((mapping, null));
                        continue;
                    case SequenceStart sequenceStart:
                        var sequence = new YamlSequence { Start = Offset(sequenceStart.Start) };
                        Remember(anchors, sequenceStart, sequence);
                        stack.Push((sequence, null));
                        continue;
                    case MappingEnd or SequenceEnd:
                        node = stack.Pop().Node;
                        node.End = Offset(ev.End);
                        break;
                    default:
                        continue;
                }

                if (stack.Count == 0)
                {
                    root = node;
                    continue;
                }

                var (parent, pendingKey) = stack.Pop();
                if (parent is YamlSequence seq)
                {
                    seq.Items.Add(node);
                    stack.Push((parent, null));
                }
                else if (pendingKey is null)
                {
                    stack.Push((parent, node));
                }
                else
                {
                    ((YamlMapping)parent).Entries.Add((pendingKey, node));
                    stack.Push((parent, null));
                }
            }

            return new YamlDocuments(roots, null);
        }
        catch (YamlException e)
        {
            var start = Offset(e.Start);
            var end = Math.Max(start, Offset(e.End));
            var message = e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}";
            return new YamlDocuments(roots, new RawDiagnostic(new Diagnostic(ScanDiagnostics.YamlSyntax, Severity.Error, message, null, []), start, end));
        }
    }

    private static void Remember(Dictionary<string, YamlNode> anchors, NodeEvent ev, YamlNode node)
    {
        if (!ev.Anchor.IsEmpty)
        {
            anchors[ev.Anchor.Value] = node;
        }
    }

    private static int Offset(Mark mark) => (int)Math.Clamp(mark.Index, 0, int.MaxValue);
}
