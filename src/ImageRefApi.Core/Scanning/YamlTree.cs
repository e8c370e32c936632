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

    /// <summary>Deeper flow nesting is refused before parsing: YamlDotNet slows down quadratically with it.</summary>
    public const int MaxFlowDepth = 512;

    public static YamlDocuments Parse(string content)
    {
        if (FlowTooDeep(content) is int at)
        {
            return new YamlDocuments([], new RawDiagnostic(
                new Diagnostic(ScanDiagnostics.YamlSyntax, Severity.Error, $"Flow collections nested deeper than {MaxFlowDepth} levels are not parsed.", null, []), at, at + 1));
        }

        var roots = new List<YamlNode>();
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var stack = new Stack<(YamlNode Node, YamlNode? PendingKey)>();
        YamlNode? root = null;
        var lastEnd = 0;
        try
        {
            var parser = new Parser(new StringReader(content));
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                lastEnd = Offset(ev.End);
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
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner sometimes fails on broken input with a state error and no position
            // (an unclosed flow sequence followed by block content): the last event it read is the best place.
            return new YamlDocuments(roots, new RawDiagnostic(
                new Diagnostic(ScanDiagnostics.YamlSyntax, Severity.Error, "The YAML cannot be parsed after this point (an unclosed flow collection or quote?).", null, []),
                lastEnd, lastEnd));
        }
    }

    /// <summary>
    /// The offset where unquoted <c>[</c>/<c>{</c> nesting first exceeds <see cref="MaxFlowDepth"/>, or null.
    /// Quotes and comments are skipped roughly; the check only needs to be right for real files, which nest a
    /// few levels, and to stop hostile ones in linear time.
    /// </summary>
    private static int? FlowTooDeep(string content)
    {
        var depth = 0;
        for (var i = 0; i < content.Length; i++)
        {
            switch (content[i])
            {
                case '[' or '{':
                    if (++depth > MaxFlowDepth)
                    {
                        return i;
                    }

                    break;
                case ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '"' or '\'':
                    var close = content.IndexOf(content[i], i + 1);
                    var lineEnd = content.IndexOf('\n', i + 1);
                    i = close < 0 || (lineEnd >= 0 && close > lineEnd && depth == 0) ? i : close;
                    break;
                case '#' when i == 0 || content[i - 1] is ' ' or '\t' or '\n':
                    var eol = content.IndexOf('\n', i);
                    i = eol < 0 ? content.Length : eol;
                    break;
            }
        }

        return null;
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
