using System.Text;

namespace ImageRefApi.Core.Scanning;

internal enum VariableState
{
    /// <summary>Declared with a value (possibly empty).</summary>
    Set,

    /// <summary>Declared without a value: unset unless the build passes one.</summary>
    NoDefault,

    /// <summary>Never declared.</summary>
    Undeclared,

    /// <summary>Set by BuildKit for each build (platform arguments): unknown to a static reader.</summary>
    BuildTime,

    /// <summary>Declared with a default that itself cannot be resolved.</summary>
    Unresolvable,
}

internal readonly record struct Variable(VariableState State, string? Value, int? Line)
{
    public static readonly Variable Undeclared = new(VariableState.Undeclared, null, null);
}

/// <summary>The outcome of expanding one word.</summary>
internal sealed class Expansion
{
    public List<Substitution> Substitutions { get; } = [];

    /// <summary>Variables that left the result unknown, with their state.</summary>
    public List<(string Name, Variable Variable)> Unresolved { get; } = [];

    /// <summary>Set when the word is malformed (BuildKit's or Compose's message).</summary>
    public string? Error { get; set; }

    public bool UsedVariables => Substitutions.Count > 0;
}

/// <summary>
/// Variable expansion in the dialects of BuildKit's shell lexer (Dockerfile words: quotes, the escape character,
/// <c>$X</c>, <c>${X}</c>, <c>${X:-w}</c>, <c>${X-w}</c>, <c>${X:+w}</c>, <c>${X+w}</c>, <c>${X:?w}</c>, <c>${X?w}</c>) and
/// of Compose interpolation (no quotes or escapes; <c>$$</c> is a dollar). Variables without a known value make
/// the result null rather than silently empty.
/// </summary>
internal sealed class VariableExpander
{
    /// <summary>Deepest nesting of <c>${X:-${Y:-…}}</c> read; deeper is a diagnostic, not a stack overflow.</summary>
    public const int MaxDepth = 64;

    /// <summary>Longest expansion produced; ARGs that double at each step would otherwise take gigabytes.</summary>
    public const int MaxExpandedLength = 65_536;

    private readonly Func<string, Variable> lookup;
    private readonly char escape;
    private int depth;
    private readonly bool compose;
    private string text = "";
    private int pos;
    private bool unknown;
    private Expansion result = new();

    private VariableExpander(Func<string, Variable> lookup, char escape, bool compose)
    {
        this.lookup = lookup;
        this.escape = escape;
        this.compose = compose;
    }

    public static string? ExpandDockerfile(string word, char escape, Func<string, Variable> lookup, out Expansion expansion) =>
        new VariableExpander(lookup, escape, compose: false).Run(word, out expansion);

    public static string? ExpandCompose(string value, Func<string, Variable> lookup, out Expansion expansion) =>
        new VariableExpander(lookup, '\0', compose: true).Run(value, out expansion);

    /// <summary>Whether expansion could change the word at all (cheap pre-check for the common case).</summary>
    public static bool NeedsDockerfileExpansion(ReadOnlySpan<char> word, char escape) =>
        word.IndexOfAny('$', '\'', '"') >= 0 || word.IndexOf(escape) >= 0;

    private string? Run(string word, out Expansion expansion)
    {
        text = word;
        pos = 0;
        unknown = false;
        result = new Expansion();
        expansion = result;
        var sb = new StringBuilder(word.Length);
        if (compose)
        {
            ComposeLoop(sb, stopAt: '\0');
        }
        else
        {
            DockerLoop(sb, stopAt: '\0');
        }

        if (result.Error is not null || unknown)
        {
            return null;
        }

        return sb.ToString();
    }

    private void DockerLoop(StringBuilder sb, char stopAt)
    {
        while (pos < text.Length && result.Error is null)
        {
            var c = text[pos];
            if (stopAt != '\0' && c == stopAt)
            {
                return;
            }

            if (c == escape)
            {
                pos++;
                if (pos < text.Length)
                {
                    sb.Append(text[pos]);
                    pos++;
                }

                continue;
            }

            if (c == '\'')
            {
                var close = text.IndexOf('\'', pos + 1);
                if (close < 0)
                {
                    result.Error = "unexpected end of statement while looking for matching single-quote";
                    return;
                }

                sb.Append(text, pos + 1, close - pos - 1);
                pos = close + 1;
                continue;
            }

            if (c == '"')
            {
                pos++;
                DoubleQuoted(sb);
                continue;
            }

            if (c == '$')
            {
                Dollar(sb);
                continue;
            }

            sb.Append(c);
            pos++;
        }

        if (stopAt != '\0' && result.Error is null)
        {
            result.Error = "syntax error: missing '}'";
        }
    }

    private void DoubleQuoted(StringBuilder sb)
    {
        while (pos < text.Length)
        {
            var c = text[pos];
            if (c == '"')
            {
                pos++;
                return;
            }

            if (c == escape && pos + 1 < text.Length && (text[pos + 1] == '"' || text[pos + 1] == '$' || text[pos + 1] == escape))
            {
                sb.Append(text[pos + 1]);
                pos += 2;
                continue;
            }

            if (c == '$')
            {
                Dollar(sb);
                if (result.Error is not null)
                {
                    return;
                }

                continue;
            }

            sb.Append(c);
            pos++;
        }

        result.Error = "unexpected end of statement while looking for matching double-quote";
    }

    private void ComposeLoop(StringBuilder sb, char stopAt)
    {
        while (pos < text.Length && result.Error is null)
        {
            var c = text[pos];
            if (stopAt != '\0' && c == stopAt)
            {
                return;
            }

            if (c != '$')
            {
                sb.Append(c);
                pos++;
                continue;
            }

            if (pos + 1 < text.Length && text[pos + 1] == '$')
            {
                sb.Append('$');
                pos += 2;
                continue;
            }

            var before = pos;
            Dollar(sb);
            if (pos == before + 1 && result.Error is null)
            {
                // A lone "$" (end of text, or followed by something that is no name): Compose refuses it.
                result.Error = $"Invalid template: \"{text}\"";
            }
        }

        if (stopAt != '\0' && result.Error is null)
        {
            result.Error = $"Invalid template: \"{text}\"";
        }
    }

    /// <summary>At a '$': expands a variable, or appends the '$' literally when no name follows (BuildKit).</summary>
    private void Dollar(StringBuilder sb)
    {
        pos++;
        if (pos < text.Length && text[pos] == '{')
        {
            pos++;
            Braced(sb);
            return;
        }

        var name = Name();
        if (name.Length == 0)
        {
            if (!compose)
            {
                sb.Append('$');
            }

            return;
        }

        Substitute(sb, name, Lookup(name));
    }

    private void Braced(StringBuilder sb)
    {
        if (depth >= MaxDepth)
        {
            Fail($"substitutions are nested more than {MaxDepth} levels deep");
            return;
        }

        depth++;
        try
        {
            BracedBody(sb);
        }
        finally
        {
            depth--;
        }
    }

    /// <summary>Stops the expansion with an error and skips the rest of the word.</summary>
    private void Fail(string message)
    {
        result.Error ??= message;
        pos = text.Length;
    }

    private void Append(StringBuilder sb, string? value)
    {
        if (sb.Length + (value?.Length ?? 0) > MaxExpandedLength)
        {
            Fail($"the expanded value is longer than {MaxExpandedLength} characters");
            return;
        }

        sb.Append(value);
    }

    private void BracedBody(StringBuilder sb)
    {
        var name = Name();
        if (name.Length == 0 || pos >= text.Length)
        {
            result.Error = compose ? $"Invalid template: \"{text}\"" : "syntax error: missing '}'";
            return;
        }

        var variable = Lookup(name);
        var c = text[pos];
        if (c == '}')
        {
            pos++;
            Substitute(sb, name, variable);
            return;
        }

        var colon = false;
        if (c == ':')
        {
            colon = true;
            pos++;
            if (pos >= text.Length)
            {
                result.Error = compose ? $"Invalid template: \"{text}\"" : "syntax error: missing '}'";
                return;
            }

            c = text[pos];
        }

        if (c is not ('-' or '+' or '?'))
        {
            result.Error = compose ? $"Invalid template: \"{text}\"" : $"unsupported modifier ({c}) in substitution";
            return;
        }

        pos++;
        var word = new StringBuilder();
        var unknownBefore = unknown;
        var unresolvedBefore = result.Unresolved.Count;
        var substitutionsBefore = result.Substitutions.Count;
        if (compose)
        {
            ComposeLoop(word, stopAt: '}');
        }
        else
        {
            DockerLoop(word, stopAt: '}');
        }

        if (result.Error is not null)
        {
            return;
        }

        pos++;
        var set = variable.State == VariableState.Set && (!colon || variable.Value!.Length > 0);
        var unset = !set && variable.State is VariableState.Set or VariableState.NoDefault or VariableState.Undeclared;
        var wordUsed = (c == '-' && unset) || (c == '+' && set);
        if (!wordUsed)
        {
            // The word is not part of the result on this branch: its variables do not matter.
            unknown = unknownBefore;
            result.Unresolved.RemoveRange(unresolvedBefore, result.Unresolved.Count - unresolvedBefore);
            result.Substitutions.RemoveRange(substitutionsBefore, result.Substitutions.Count - substitutionsBefore);
        }

        string? value = c switch
        {
            '-' => set ? variable.Value : unset ? word.ToString() : null,
            '+' => set ? word.ToString() : unset ? "" : null,
            _ => set ? variable.Value : null,
        };

        if (value is null)
        {
            unknown = true;
            result.Unresolved.Add((name, variable));
            result.Substitutions.Add(new Substitution(name, null, variable.Line));
            return;
        }

        result.Substitutions.Insert(substitutionsBefore, new Substitution(name, variable.State == VariableState.Set ? variable.Value : null, variable.Line));
        Append(sb, value);
    }

    private void Substitute(StringBuilder sb, string name, Variable variable)
    {
        if (variable.State == VariableState.Set)
        {
            Append(sb, variable.Value);
            result.Substitutions.Add(new Substitution(name, variable.Value, variable.Line));
            return;
        }

        unknown = true;
        result.Unresolved.Add((name, variable));
        result.Substitutions.Add(new Substitution(name, null, variable.Line));
    }

    private Variable Lookup(string name) => lookup(name);

    private string Name()
    {
        var start = pos;
        while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] == '_'))
        {
            // A name cannot start with a digit in Compose; BuildKit reads positional "$1" as a name too.
            if (compose && pos == start && char.IsAsciiDigit(text[pos]))
            {
                break;
            }

            pos++;
        }

        return text[start..pos];
    }
}
