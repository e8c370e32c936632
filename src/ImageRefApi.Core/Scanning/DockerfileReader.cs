using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Scanning;

/// <summary>
/// Reads a Dockerfile as BuildKit's frontend does (moby/buildkit frontend/dockerfile: parser, instructions,
/// dockerfile2llb): parser directives at the top, the escape character for line continuations, comment lines
/// (also inside continuations), heredocs, FROM with flags, stage names and global ARGs. One pass over the
/// lines; the only deferred work is deciding whether a <c>COPY --from</c>/<c>RUN --mount from=</c> value names
/// a stage, because BuildKit allows naming any stage of the file there.
/// </summary>
internal sealed class DockerfileReader
{
    private static readonly HashSet<string> Instructions = new(StringComparer.Ordinal)
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
        "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    };

    // Automatic platform ARGs (BuildKit defaultArgs): known only when a build runs.
    private static readonly HashSet<string> BuildTimeArgs = new(StringComparer.Ordinal)
    {
        "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
        "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE",
    };

    private readonly string content;
    private readonly ScanSink sink;
    private readonly List<(int Start, int End)> lines = [];
    private readonly Dictionary<string, Variable> globals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Written, int Start)> stages = new(StringComparer.Ordinal);
    private readonly List<Pending> pending = [];
    private Dictionary<string, Variable> stageScope = new(StringComparer.Ordinal);
    private char escape = '\\';
    private char[] chars = new char[256];
    private int[] offsets = new int[256];
    private int length;
    private int stageCount;

    private DockerfileReader(string content, ScanSink sink)
    {
        this.content = content;
        this.sink = sink;
        SplitLines();
    }

    public static void Read(string content, ScanSink sink)
    {
        var reader = new DockerfileReader(content, sink);
        reader.Run();
    }

    private void SplitLines()
    {
        var start = 0;
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (c == '\n' || c == '\r')
            {
                lines.Add((start, i));
                if (c == '\r' && i + 1 < content.Length && content[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        if (start < content.Length)
        {
            lines.Add((start, content.Length));
        }
    }

    private void Run()
    {
        if (content.Length == 0)
        {
            sink.Add(ScanDiagnostics.DockerfileNoStages, Severity.Error, "the Dockerfile cannot be empty", 0, 0);
            return;
        }

        var index = ReadDirectives();
        while (index < lines.Count)
        {
            var (start, end) = lines[index];
            var first = SkipBlanks(start, end);
            if (first == end || content[first] == '#')
            {
                index++;
                continue;
            }

            length = 0;
            var continues = Append(first, end);
            index++;
            while (continues && index < lines.Count)
            {
                var (nextStart, nextEnd) = lines[index];
                var nextFirst = SkipBlanks(nextStart, nextEnd);
                index++;
                if (nextFirst == nextEnd || content[nextFirst] == '#')
                {
                    // Empty and comment lines inside a continuation are dropped by BuildKit.
                    continue;
                }

                continues = Append(nextStart, nextEnd);
            }

            index = Instruction(first, index);
        }

        if (stageCount == 0)
        {
            sink.Add(ScanDiagnostics.DockerfileNoStages, Severity.Error, "dockerfile contains no stages to build", 0, 0);
        }

        ResolvePending();
    }

    /// <summary>Parser directives: only the leading run of <c># name=value</c> lines with a known name.</summary>
    private int ReadDirectives()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        for (; index < lines.Count; index++)
        {
            var (start, end) = lines[index];
            if (!TryDirective(start, end, out var name, out var valueStart, out var valueEnd))
            {
                break;
            }

            var key = name.ToLowerInvariant();
            if (key is not ("syntax" or "escape" or "check"))
            {
                // An unknown directive is a comment, and a comment ends the directives.
                break;
            }

            if (!seen.Add(key))
            {
                sink.Add(ScanDiagnostics.DockerfileSyntax, Severity.Error, $"only one {key} parser directive can be used", start, end);
                continue;
            }

            var value = content[valueStart..valueEnd];
            if (key == "escape")
            {
                if (value is "\\" or "`")
                {
                    escape = value[0];
                }
                else
                {
                    sink.Add(ScanDiagnostics.DockerfileSyntax, Severity.Error, $"invalid escape token '{value}' does not match ` or \\", valueStart, valueEnd);
                }
            }
            else if (key == "syntax")
            {
                pending.Add(new Pending(value, valueStart, valueEnd, value, "# syntax", [], StageCheck: false));
            }
        }

        return index;
    }

    private bool TryDirective(int start, int end, out string name, out int valueStart, out int valueEnd)
    {
        name = "";
        valueStart = valueEnd = 0;
        if (start >= end || content[start] != '#')
        {
            return false;
        }

        var i = SkipBlanks(start + 1, end);
        var nameStart = i;
        if (i >= end || !char.IsAsciiLetter(content[i]))
        {
            return false;
        }

        while (i < end && char.IsAsciiLetterOrDigit(content[i]))
        {
            i++;
        }

        name = content[nameStart..i];
        i = SkipBlanks(i, end);
        if (i >= end || content[i] != '=')
        {
            return false;
        }

        valueStart = SkipBlanks(i + 1, end);
        valueEnd = end;
        while (valueEnd > valueStart && content[valueEnd - 1] is ' ' or '\t')
        {
            valueEnd--;
        }

        return valueEnd > valueStart;
    }

    private int SkipBlanks(int i, int end)
    {
        while (i < end && content[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }

    /// <summary>Appends a physical line to the logical line; true when it ends with the escape character.</summary>
    private bool Append(int start, int end)
    {
        var trimmed = end;
        while (trimmed > start && content[trimmed - 1] is ' ' or '\t')
        {
            trimmed--;
        }

        var continues = trimmed > start && content[trimmed - 1] == escape;
        var stop = continues ? trimmed - 1 : trimmed;
        var needed = length + (stop - start);
        if (needed > chars.Length)
        {
            var size = Math.Max(needed, chars.Length * 2);
            Array.Resize(ref chars, size);
            Array.Resize(ref offsets, size);
        }

        for (var i = start; i < stop; i++)
        {
            chars[length] = content[i];
            offsets[length] = i;
            length++;
        }

        return continues;
    }

    private List<Word> Words(bool quoteAware)
    {
        var words = new List<Word>();
        var i = 0;
        while (i < length)
        {
            while (i < length && chars[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= length)
            {
                break;
            }

            var start = i;
            char quote = '\0';
            while (i < length)
            {
                var c = chars[i];
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                    else if (c == escape && quote == '"' && i + 1 < length)
                    {
                        i++;
                    }
                }
                else if (c is ' ' or '\t')
                {
                    break;
                }
                else if (quoteAware && c is '"' or '\'')
                {
                    quote = c;
                }
                else if (quoteAware && c == escape && i + 1 < length)
                {
                    i++;
                }

                i++;
            }

            words.Add(new Word(start, i));
        }

        return words;
    }

    private string Text(Word word) => new(chars, word.Start, word.End - word.Start);

    private string Text(int start, int end) => new(chars, start, end - start);

    private int FileStart(int bufferIndex) => offsets[bufferIndex];

    private int FileEnd(int bufferEnd) => bufferEnd == 0 ? offsets[0] : offsets[bufferEnd - 1] + 1;

    /// <summary>Handles one logical line; returns the index of the next physical line (after any heredoc).</summary>
    private int Instruction(int first, int nextLine)
    {
        var words = Words(quoteAware: false);
        if (words.Count == 0)
        {
            // A line holding only the escape character continues into nothing.
            return nextLine;
        }

        var keyword = Text(words[0]).ToUpperInvariant();
        var instructionEnd = FileEnd(words[^1].End);
        if (!Instructions.Contains(keyword))
        {
            sink.Add(ScanDiagnostics.DockerfileSyntax, Severity.Error, $"unknown instruction: {keyword}", first, FileEnd(words[0].End));
            return nextLine;
        }

        if (stageCount == 0 && keyword is not ("FROM" or "ARG"))
        {
            sink.Add(ScanDiagnostics.DockerfileSyntax, Severity.Error, "no build stage in current context", first, instructionEnd);
        }

        switch (keyword)
        {
            case "FROM":
                From(words, first, instructionEnd);
                break;
            case "ARG":
                Arg(first);
                break;
            case "COPY":
                Flags(words, "from", "COPY --from");
                break;
            case "RUN":
                Flags(words, "mount", "RUN --mount");
                break;
        }

        return keyword is "RUN" or "COPY" or "ADD" ? Heredocs(words, nextLine) : nextLine;
    }

    private void From(List<Word> words, int first, int instructionEnd)
    {
        var i = 1;
        Word? platform = null;
        for (; i < words.Count && chars[words[i].Start] == '-' && words[i].End - words[i].Start > 1 && chars[words[i].Start + 1] == '-'; i++)
        {
            var flag = Text(words[i]);
            var eq = flag.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? flag[2..] : flag[2..eq];
            if (name == "platform" && eq >= 0)
            {
                platform = new Word(words[i].Start + eq + 1, words[i].End);
            }
            else
            {
                sink.Add(ScanDiagnostics.DockerfileSyntax, Severity.Error, $"unknown flag: {name}", FileStart(words[i].Start), FileEnd(words[i].End));
            }
        }

        var args = words.Count - i;
        var hasName = args == 3 && string.Equals(Text(words[i + 1]), "as", StringComparison.OrdinalIgnoreCase);
        if (args != 1 && !hasName)
        {
            sink.Add(ScanDiagnostics.DockerfileFromArguments, Severity.Error, "FROM requires either one or three arguments", first, instructionEnd);
        }

        string? stageName = null;
        string? stageLower = null;
        if (hasName)
        {
            var nameWord = words[i + 2];
            stageName = Text(nameWord);
            stageLower = stageName.ToLowerInvariant();
            var start = FileStart(nameWord.Start);
            var end = FileEnd(nameWord.End);
            if (!IsValidStageName(stageLower))
            {
                sink.Add(ScanDiagnostics.DockerfileInvalidStageName, Severity.Error, $"invalid name for build stage: \"{stageName}\", name can't start with a number or contain symbols", start, end);
                stageLower = null;
            }
            else
            {
                if (!string.Equals(stageName, stageLower, StringComparison.Ordinal))
                {
                    sink.Add(ScanDiagnostics.DockerfileStageNameCasing, Severity.Warning, $"Stage name '{stageName}' should be lowercase", start, end);
                }

                if (stageLower is "scratch" or "context")
                {
                    sink.Add(ScanDiagnostics.DockerfileReservedStageName, Severity.Error, $"Stage name should not use the same name as reserved stage \"{stageLower}\"", start, end);
                }

                if (stages.ContainsKey(stageLower))
                {
                    sink.Add(ScanDiagnostics.DockerfileDuplicateStageName, Severity.Error, $"Duplicate stage name \"{stageLower}\", stage names should be unique", start, end);
                }
            }
        }

        if (args >= 1)
        {
            BaseImage(words[i]);
        }

        if (platform is { } p)
        {
            Platform(p, stageLower ?? "");
        }

        stageCount++;
        if (stageLower is not null)
        {
            stages.TryAdd(stageLower, (stageName!, FileStart(words[i + 2].Start)));
        }

        stageScope = new Dictionary<string, Variable>(StringComparer.Ordinal);
    }

    private static bool IsValidStageName(string name)
    {
        if (name.Length == 0 || !char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }

        foreach (var c in name.AsSpan(1))
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private void BaseImage(Word word)
    {
        var written = Text(word);
        var start = FileStart(word.Start);
        var end = FileEnd(word.End);
        var resolved = Expand(written, start, end, GlobalLookup, "FROM", out var substitutions);
        if (resolved is null)
        {
            pending.Add(new Pending(written, start, end, null, "FROM", substitutions, StageCheck: false));
            return;
        }

        if (resolved.Length == 0)
        {
            sink.Add(ScanDiagnostics.DockerfileBlankBaseName, Severity.Error, $"base name ({written}) should not be blank", start, end);
            pending.Add(new Pending(written, start, end, resolved, "FROM", substitutions, StageCheck: false));
            return;
        }

        if (resolved == "scratch")
        {
            return;
        }

        if (stages.TryGetValue(resolved.ToLowerInvariant(), out var stage))
        {
            CheckStageCasing(resolved, stage.Written, start, end);
            return;
        }

        pending.Add(new Pending(written, start, end, resolved, "FROM", substitutions, StageCheck: false));
    }

    private void CheckStageCasing(string used, string declared, int start, int end)
    {
        if (!string.Equals(used, declared, StringComparison.Ordinal))
        {
            sink.Add(ScanDiagnostics.DockerfileStageReferenceCasing, Severity.Warning,
                $"Stage '{declared}' is referenced as '{used}'; BuildKit matches stage names case-insensitively, write it as declared", start, end);
        }
    }

    private void Platform(Word word, string stageName)
    {
        var written = Text(word);
        var start = FileStart(word.Start);
        var end = FileEnd(word.End);
        var value = VariableExpander.ExpandDockerfile(written, escape, GlobalLookup, out var expansion);
        foreach (var (name, variable) in expansion.Unresolved)
        {
            if (variable.State == VariableState.Undeclared)
            {
                sink.Add(ScanDiagnostics.UnresolvedVariable, Severity.Warning, $"FROM argument '{name}' is not declared", start, end);
            }
        }

        if (value is null || value.Length == 0 || expansion.UsedVariables)
        {
            return;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var os = slash < 0 ? value : value[..slash];
        var rest = slash < 0 ? value : value[(slash + 1)..];
        var nextSlash = rest.IndexOf('/', StringComparison.Ordinal);
        var arch = nextSlash < 0 ? rest : rest[..nextSlash];
        if (stageName.Contains(os, StringComparison.Ordinal) || stageName.Contains(arch, StringComparison.Ordinal))
        {
            return;
        }

        sink.Add(ScanDiagnostics.DockerfileConstantPlatform, Severity.Warning, $"FROM --platform flag should not use constant value \"{value}\"", start, end);
    }

    private void Arg(int first)
    {
        var words = Words(quoteAware: true);
        var line = LineOf(first);
        for (var w = 1; w < words.Count; w++)
        {
            var text = Text(words[w]);
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? text : text[..eq];
            if (name.Length == 0)
            {
                sink.Add(ScanDiagnostics.DockerfileSyntax, Severity.Error, "ARG names can not be blank", FileStart(words[w].Start), FileEnd(words[w].End));
                continue;
            }

            Variable variable;
            if (eq < 0)
            {
                variable = stageCount > 0 && globals.TryGetValue(name, out var global) ? global
                    : BuildTimeArgs.Contains(name) ? new Variable(VariableState.BuildTime, null, line)
                    : new Variable(VariableState.NoDefault, null, line);
            }
            else
            {
                var value = VariableExpander.ExpandDockerfile(text[(eq + 1)..], escape, stageCount > 0 ? StageLookup : GlobalLookup, out _);
                variable = value is null ? new Variable(VariableState.Unresolvable, null, line) : new Variable(VariableState.Set, value, line);
            }

            (stageCount > 0 ? stageScope : globals)[name] = variable;
        }
    }

    private int LineOf(int offset)
    {
        // Lines are few relative to work per line; a binary search keeps this logarithmic.
        int lo = 0, hi = lines.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (lines[mid].Start <= offset)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo + 1;
    }

    private Variable GlobalLookup(string name) =>
        globals.TryGetValue(name, out var v) ? v
        : BuildTimeArgs.Contains(name) ? new Variable(VariableState.BuildTime, null, null)
        : Variable.Undeclared;

    private Variable StageLookup(string name) =>
        stageScope.TryGetValue(name, out var v) ? v : Variable.Undeclared;

    /// <summary>COPY --from=… and RUN --mount=…,from=… among the leading flags.</summary>
    private void Flags(List<Word> words, string flagName, string context)
    {
        for (var i = 1; i < words.Count; i++)
        {
            var flag = Text(words[i]);
            if (!flag.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            var eq = flag.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0 || !flag.AsSpan(2, eq - 2).Equals(flagName, StringComparison.Ordinal))
            {
                continue;
            }

            var valueStart = words[i].Start + eq + 1;
            if (flagName == "from")
            {
                Source(new Word(valueStart, words[i].End), context);
                continue;
            }

            // A mount is comma-separated key=value fields; only from= names an image or a stage.
            var fieldStart = valueStart;
            for (var j = valueStart; j <= words[i].End; j++)
            {
                if (j < words[i].End && chars[j] != ',')
                {
                    continue;
                }

                var field = Text(fieldStart, j);
                var fieldEq = field.IndexOf('=', StringComparison.Ordinal);
                if (fieldEq > 0 && field.AsSpan(0, fieldEq).Equals("from", StringComparison.OrdinalIgnoreCase))
                {
                    Source(new Word(fieldStart + fieldEq + 1, j), context);
                }

                fieldStart = j + 1;
            }
        }
    }

    private void Source(Word word, string context)
    {
        if (word.End <= word.Start)
        {
            return;
        }

        var written = Text(word);
        var start = FileStart(word.Start);
        var end = FileEnd(word.End);
        var resolved = Expand(written, start, end, StageLookup, context, out var substitutions);
        if (resolved is not null && resolved.Length > 0 && resolved.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            // A numeric index names a stage by position.
            return;
        }

        pending.Add(new Pending(written, start, end, resolved, context, substitutions, StageCheck: resolved is not null));
    }

    private string? Expand(string written, int start, int end, Func<string, Variable> lookup, string context, out IReadOnlyList<Substitution> substitutions)
    {
        if (!VariableExpander.NeedsDockerfileExpansion(written, escape))
        {
            substitutions = [];
            return written;
        }

        var resolved = VariableExpander.ExpandDockerfile(written, escape, lookup, out var expansion);
        substitutions = expansion.Substitutions;
        if (expansion.Error is not null)
        {
            sink.Add(ScanDiagnostics.DockerfileSyntax, Severity.Error, $"failed to process \"{written}\": {expansion.Error}", start, end);
            return null;
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, variable) in expansion.Unresolved)
        {
            if (reported.Add(name))
            {
                sink.Add(ScanDiagnostics.UnresolvedVariable, Severity.Warning, UnresolvedMessage(name, variable, context), start, end);
            }
        }

        return resolved;
    }

    private static string UnresolvedMessage(string name, Variable variable, string context) => variable.State switch
    {
        VariableState.NoDefault => $"ARG '{name}' (line {variable.Line}) has no default value, so the reference cannot be resolved from the file; pass --build-arg {name}=<value> or give it a default.",
        VariableState.BuildTime => $"'{name}' is set by BuildKit for each build, so the reference cannot be resolved from the file.",
        VariableState.Unresolvable => $"The default of ARG '{name}' (line {variable.Line}) cannot be resolved, so neither can the reference.",
        _ when context == "FROM" => $"FROM argument '{name}' is not declared, so the reference cannot be resolved; declare it with ARG before the first FROM.",
        _ => $"Variable '{name}' is not declared in this stage, so the reference cannot be resolved; declare it with ARG in the stage.",
    };

    private int Heredocs(List<Word> words, int nextLine)
    {
        for (var w = 1; w < words.Count; w++)
        {
            var i = words[w].Start;
            var end = words[w].End;
            if (end - i < 3 || chars[i] != '<' || chars[i + 1] != '<' || chars[i + 2] == '<')
            {
                continue;
            }

            i += 2;
            var stripTabs = false;
            if (i < end && chars[i] == '-')
            {
                stripTabs = true;
                i++;
            }

            var quote = i < end && chars[i] is '"' or '\'' ? chars[i] : '\0';
            if (quote != '\0')
            {
                i++;
            }

            var nameStart = i;
            while (i < end && (char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '_' or '-' or '.'))
            {
                i++;
            }

            if (i == nameStart || (quote != '\0' && (i >= end || chars[i] != quote)))
            {
                continue;
            }

            var delimiter = Text(nameStart, i);
            var found = false;
            while (nextLine < lines.Count)
            {
                var (start, lineEnd) = lines[nextLine];
                nextLine++;
                if (stripTabs)
                {
                    while (start < lineEnd && content[start] == '\t')
                    {
                        start++;
                    }
                }

                if (content.AsSpan(start, lineEnd - start).SequenceEqual(delimiter))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                sink.Add(ScanDiagnostics.DockerfileUnterminatedHeredoc, Severity.Warning,
                    $"The heredoc {Text(words[w])} has no closing line \"{delimiter}\" before the end of the file", FileStart(words[w].Start), FileEnd(words[w].End));
            }
        }

        return nextLine;
    }

    private void ResolvePending()
    {
        foreach (var p in pending)
        {
            if (p.StageCheck && p.Resolved is not null && stages.TryGetValue(p.Resolved.ToLowerInvariant(), out var stage))
            {
                CheckStageCasing(p.Resolved, stage.Written, p.Start, p.End);
                continue;
            }

            sink.Findings.Add(new RawFinding(p.Written, p.Start, p.End, p.Resolved, p.Context, null, p.Substitutions));
        }
    }

    private readonly record struct Word(int Start, int End);

    private sealed record Pending(string Written, int Start, int End, string? Resolved, string Context, IReadOnlyList<Substitution> Substitutions, bool StageCheck);
}
