using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using static ImageRefApi.Core.Parsing.ParserDiagnostics;

namespace ImageRefApi.Core.Parsing;

/// <summary>
/// Finds every problem in an input, not only the first one an engine would stop at. Valid references are
/// checked for risks only (cheap, no scanning beyond the parts already found); invalid ones are read leniently,
/// part by part, the way a person would read them.
/// </summary>
internal static class ReferenceDiagnoser
{
    private static readonly string[] Transports = ["docker-daemon:", "containers-storage:", "docker-archive:", "oci-archive:", "oci:", "dir:", "ostree:", "sif:"];
    private static readonly string[] Tools = ["docker", "podman", "nerdctl", "crictl", "buildah", "skopeo", "kubectl", "ctr", "helm", "from", "sudo"];
    private static readonly string[] NullLiterals = ["none", "null", "undefined", "nil", "nan", "<nil>", "(null)", "~"];
    private static readonly string[] Subcommands = ["pull", "push", "run", "build", "exec", "images", "image", "ps", "rm", "rmi", "tag", "login", "logout", "start", "stop", "create", "compose", "buildx", "inspect", "logs", "save", "load", "container", "volume", "network", "system"];
    private static readonly string[] RegistryWords = ["registry", "docker-registry", "myregistry", "local-registry", "localregistry", "harbor", "nexus", "artifactory", "quay", "gcr", "ghcr", "ecr", "acr", "mirror", "registry-mirror", "internal"];
    private static readonly string[] SystemDirectories = ["home", "usr", "tmp", "var", "etc", "opt", "mnt", "srv", "root", "dev", "proc", "sys", "data", "workspace", "users", "app", "build", "src", "media", "run"];
    private static readonly string[] FileExtensions = [".tar", ".tar.gz", ".tgz", ".sif", ".json", ".yaml", ".yml", ".txt", ".oci", "dockerfile", "containerfile"];

    private const string EmptyTagMessage = "The tag after ':' is empty; write a tag (nginx:1.27) or remove the ':' (a tag variable that was never set is the usual cause).";
    private const string RemoveEmptyTag = "Remove the empty tag's ':'";

    /// <summary>The same for every short name (built once): the name Docker pulls is the first suggestion.</summary>
    private const string ShortNameMessage = "No registry is named: Docker pulls from Docker Hub (docker.io, the first suggestion), while Podman, Buildah and CRI-O resolve short names through registries.conf and may ask, fail or pick another registry.";

    public static Diagnostic TooLongToScan(int length, int max) =>
        new(InputTooLong, Severity.Error, $"The input is {length.ToString(CultureInfo.InvariantCulture)} characters long; inputs over {max.ToString(CultureInfo.InvariantCulture)} characters are not parsed. An image reference is at most a few hundred characters.", null, []);

    // ---------------------------------------------------------------- valid references: risks only

    public static IReadOnlyList<Diagnostic> DiagnoseValid(string s, ImageReference r, in ReferenceParts parts, ParseError podmanError)
    {
        // The hot path: built directly (no fix machinery), since every suggestion here is valid by construction
        // (the property tests check that it is).
        var found = default(ValidFindings);
        var count = 0;
        void Add(string code, Severity severity, string message, TextSpan span, params Suggestion[] suggestions) =>
            found[count++] = new Diagnostic(code, severity, message, span, suggestions);

        if (r.Tag is not null && r.Digest is not null)
        {
            var start = parts.TagStart - 1;
            Add(TagAndDigest, Severity.Warning,
                $"Both tag \"{r.Tag}\" and digest \"{Abbreviate(r.Digest)}\" are given: a pull uses the digest and ignores the tag, and some tools reject the combination.",
                new TextSpan(start, parts.TagEnd - start),
                new Suggestion($"Keep the digest only (the tag \"{r.Tag}\" is ignored anyway)", s.Remove(start, parts.TagEnd - start)));
        }

        if (r.Tag is { Length: >= 32 } t && parts.DomainEnd < 0 && r.Repository.EndsWith("sha256", StringComparison.Ordinal) && ReferenceGrammar.IsLowerHex(t))
        {
            Add(LooksLikeImageId, Severity.Warning,
                $"\"{Abbreviate(s)}\" parses as repository \"{r.Repository}\" with the hex as its tag; an image ID or digest was almost certainly meant. Write <name>@sha256:<hex> to pin a digest.",
                new TextSpan(0, s.Length));
        }

        if (r.RegistryImplicit && !parts.DomainInPath)
        {
            Add(ShortName, Severity.Info, ShortNameMessage,
                new TextSpan(0, parts.PathEnd),
                new Suggestion("Fully qualify the name as Docker resolves it", r.Canonical),
                new Suggestion("If the image was built locally with Podman or Buildah, it is named localhost/…", "localhost/" + s));

            var path = s.AsSpan(parts.PathStart, parts.PathEnd - parts.PathStart);
            var slash = path.IndexOf('/');
            if (slash > 0 && IsOneOf(path[..slash], RegistryWords))
            {
                Add(HubNamespaceLooksLikeRegistry, Severity.Warning,
                    $"\"{path[..slash]}\" looks like a registry host, but without a '.' or ':port' (and not being localhost) it is read as a Docker Hub namespace: this pulls {r.Canonical}. Write the registry with its domain or port (for example {path[..slash]}.example.com/… or {path[..slash]}:5000/…).",
                    new TextSpan(parts.PathStart, slash));
            }
            else if (slash < 0 && r.Tag is null && r.Digest is null && IsOneOf(path, Subcommands))
            {
                Add(LooksLikeSubcommand, Severity.Warning,
                    $"The image name \"{path}\" is a container CLI subcommand: the command line probably has an extra word (docker {path} {path} …) or the image argument is missing.",
                    new TextSpan(parts.PathStart, path.Length));
            }
        }

        if (parts.DomainEnd > 0 && !parts.DomainInPath)
        {
            var host = s.AsSpan(0, parts.DomainEnd);
            if (host.IndexOfAnyInRange('A', 'Z') >= 0)
            {
                var lower = host.ToString().ToLowerInvariant();
                var sameMeaning = lower.Contains('.') || lower.Contains(':') || lower == "localhost";
                Add(RegistryUppercase, Severity.Warning,
                    $"The registry host \"{host}\" has uppercase letters. Host names are case-insensitive, but Docker keeps the spelling, so credentials, mirrors and policies see a different registry than \"{lower}\".",
                    new TextSpan(0, parts.DomainEnd),
                    sameMeaning ? [new Suggestion("Lowercase the registry host", string.Concat(lower, s.AsSpan(parts.DomainEnd)))] : []);
            }

            if (r.Repository.IndexOf('/') < 0 && host.Equals("ghcr.io", StringComparison.OrdinalIgnoreCase))
            {
                Add(RegistryNeedsNamespace, Severity.Warning,
                    $"ghcr.io keeps images under an owner: ghcr.io/<owner>/{r.Repository}, not ghcr.io/{r.Repository}.",
                    new TextSpan(parts.PathStart, parts.PathEnd - parts.PathStart));
            }
        }

        if (parts.DomainInPath)
        {
            Add(RegistryReadAsPath, Severity.Warning,
                $"\"{s[..parts.DomainEnd]}\" contains a '.' but is not a valid host name, so Docker reads the whole name as a path with no registry ({r.Canonical}). A registry host has letters, digits, '-' and '.' only.",
                new TextSpan(0, parts.DomainEnd));
        }

        if (r.Tag is not null && r.Tag.Length > 2 && r.Tag.AsSpan(1).IndexOfAny('e', 'E') >= 0 && FloatNotation.TryParse(r.Tag, out var integer, out _))
        {
            Add(TagLooksFloatCoerced, Severity.Warning,
                $"The tag \"{r.Tag}\" is in float notation: a number (such as a date or build number) was probably read as a float by YAML or a spreadsheet. Quote the tag where it is defined.",
                new TextSpan(parts.TagStart, parts.TagEnd - parts.TagStart),
                // A huge exponent makes a number too long to be a tag (over 128 characters): no suggestion then.
                integer is null || integer.Length > ReferenceGrammar.TagMaxLength ? [] : [new Suggestion($"Use the number as it was meant: {integer}", string.Concat(s.AsSpan(0, parts.TagStart), integer, s.AsSpan(parts.TagEnd)))]);
        }

        if (podmanError != ParseError.None)
        {
            var (why, span) = podmanError switch
            {
                ParseError.TooLong => ($"Podman counts the registry in the 255-character limit and \"{(r.RegistryImplicit ? ReferenceGrammar.DefaultDomain + "/" : string.Empty)}{(parts.DomainEnd > 0 ? s[..parts.PathEnd] : r.Repository)}\" is longer; Docker counts only the path ({r.Repository.Length.ToString(CultureInfo.InvariantCulture)} characters).", new TextSpan(0, parts.PathEnd)),
                _ when s.StartsWith('[') => ("Podman (containers/image) does not accept IPv6 registry addresses; use a host name for the registry.", new TextSpan(0, parts.DomainEnd)),
                _ => ($"Docker reads \"{s[..Math.Max(parts.DomainEnd, 0)]}\" as a registry host because it has uppercase letters; Podman reads it as a Docker Hub namespace, which must be lowercase.", new TextSpan(0, Math.Max(parts.DomainEnd, 0))),
            };
            Add(EnginesDisagree, Severity.Warning, "Docker accepts this reference but Podman refuses it: " + why, span);
        }

        if (count == 0)
        {
            return [];
        }

        var list = new Diagnostic[count];
        for (var i = 0; i < count; i++)
        {
            list[i] = found[i]!;
        }

        DiagnosisBuilder.SortByPosition(list);
        return list;
    }

    /// <summary>Room for every diagnostic a valid reference can get (each check above adds at most one).</summary>
    [InlineArray(10)]
    private struct ValidFindings
    {
        private Diagnostic? element;
    }

    // ---------------------------------------------------------------- invalid references: every problem

    public static IReadOnlyList<Diagnostic> DiagnoseInvalid(string s, ParseError error, string engineText)
    {
        var b = new DiagnosisBuilder(s);
        new InvalidReader(s, b).Read();
        if (!b.HasError)
        {
            var (code, span) = error switch
            {
                ParseError.DigestLength => (DigestLength, (TextSpan?)null),
                ParseError.DigestFormat => (DigestFormat, null),
                ParseError.DigestUnsupported => (DigestUnsupportedAlgorithm, null),
                ParseError.TooLong => (PathTooLong, null),
                _ => (InvalidReference, null),
            };
            b.Add(code, Severity.Error, $"The engines refuse this reference: {engineText}.", span);
        }

        return b.Build();
    }

    private static bool IsOneOf(ReadOnlySpan<char> value, string[] words)
    {
        foreach (var w in words)
        {
            if (value.Equals(w, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    internal static string Abbreviate(string s) => s.Length <= 24 ? s : string.Concat(s.AsSpan(0, 19), "…");

    /// <summary>User text quoted in a message, shortened so that messages stay small whatever the input.</summary>
    internal static string Excerpt(ReadOnlySpan<char> s) => s.Length <= 80 ? s.ToString() : string.Concat(s[..76], "…");

    /// <summary>The lenient reader of an invalid input; offsets are into the original string.</summary>
    private sealed class InvalidReader(string s, DiagnosisBuilder b)
    {
        // Characters already explained (templates, control and non-ASCII characters): later checks treat them
        // as ordinary letters so that one mistake is reported once.
        private readonly bool[] ignored = new bool[s.Length];

        public void Read()
        {
            if (s.Length == 0)
            {
                b.Add(EmptyReference, Severity.Error, "The reference is empty; an image such as nginx:1.27 was expected. A variable that was never set is the usual cause.", null);
                return;
            }

            var a = 0;
            while (a < s.Length && char.IsWhiteSpace(s[a]))
            {
                a++;
            }

            if (a == s.Length)
            {
                b.Add(WhitespaceOnly, Severity.Error, $"The reference is only whitespace ({Describe(s)}); an image such as nginx:1.27 was expected.", new TextSpan(0, s.Length));
                return;
            }

            var e = s.Length;
            while (char.IsWhiteSpace(s[e - 1]))
            {
                e--;
            }

            if (a > 0)
            {
                b.Add(LeadingWhitespace, Severity.Error, $"Leading {Describe(s[..a])} before the reference; engines trim nothing.", new TextSpan(0, a), Fix.Delete("Remove the leading whitespace", 0, a));
            }

            if (e < s.Length)
            {
                b.Add(TrailingWhitespace, Severity.Error, $"Trailing {Describe(s[e..])} after the reference; engines trim nothing (a CRLF file or a copied line is the usual cause).", new TextSpan(e, s.Length - e), Fix.Delete("Remove the trailing whitespace", e, s.Length - e));
            }

            if (ReadWholeValueShapes(a, e))
            {
                return;
            }

            var p = ReadPrefix(a, e);
            ReadTemplates(p, e);
            ReadCharacters(p, e);
            ReadStructure(p, e);
        }

        private bool ReadWholeValueShapes(int a, int e)
        {
            var core = s.AsSpan(a, e - a);
            var span = new TextSpan(a, e - a);
            if (core.Length == 64 && core.IndexOfAnyExcept(Chars.Hex) < 0)
            {
                b.Add(ImageIdAsReference, Severity.Error, $"\"{Abbreviate(core.ToString())}\" is a 64-hex image ID, not a name that can be pulled. Use the repository name with a digest (name@sha256:<hex>) or run the local image by ID.", span);
                return true;
            }

            if (IsNullLiteral(core))
            {
                b.Add(NullLiteral, Severity.Error, $"\"{Excerpt(core)}\" is a null value turned into text: the variable or field that should hold the image was empty (None/null/undefined).", span);
                return true;
            }

            if (core.Length >= 2 && core[0] is '"' or '\'' && core[^1] == core[0])
            {
                var inner = core[1..^1].Trim();
                var fixes = ImageReference.IsValid(inner) ? [Fix.Whole("Remove the quotes", inner.ToString())] : Array.Empty<Fix>();
                b.Add(QuotedValue, Severity.Error, $"The value is wrapped in quotes ({core[0]}…{core[0]}): the quotes reached the engine as part of the reference (YAML or a shell quoted twice).", span, fixes);
                if (fixes.Length > 0)
                {
                    return true;
                }
            }

            var lastSpace = core.LastIndexOfAny(' ', '\t');
            if (lastSpace > 0 && ImageReference.IsValid(core[(lastSpace + 1)..]) && LooksLikeCommandOrKey(core[..lastSpace].Trim()))
            {
                var last = core[(lastSpace + 1)..].ToString();
                b.Add(PastedText, Severity.Error, $"\"{Excerpt(core)}\" has words before the reference: a command line or a YAML line (\"image: …\") was pasted where only the reference belongs; the reference is probably \"{Excerpt(last)}\".", new TextSpan(a, lastSpace), Fix.Whole($"Keep only \"{Excerpt(last)}\"", last));
                return true;
            }

            if (core[0] == '#')
            {
                b.Add(CommentAsValue, Severity.Error, "The value starts with '#': a YAML or shell comment ended up where the image belongs (check indentation and quoting).", span);
                return true;
            }

            if (IsFlag(core))
            {
                var dash = core[0] != '-' ? $" (it starts with {Describe(core[..1].ToString())}, which word processors put in place of '--')" : string.Empty;
                b.Add(FlagAsImage, Severity.Error, $"\"{Excerpt(core)}\" is a command-line option{dash}, not an image: options go before the image name, and the image argument is missing or shifted.", span);
                return true;
            }

            var eq = core.IndexOf('=');
            if (eq > 0 && core[..eq].IndexOfAny('/', ':', '@') < 0 && core[..eq].IndexOfAnyExcept(Chars.FlagKey) < 0 && core[..eq].Length > 1)
            {
                b.Add(FlagValueAsImage, Severity.Error, $"\"{Abbreviate(core.ToString())}\" is the key=value argument of an option (such as --mount {core[..eq]}=…), not an image: the option's name is missing before it, or the image argument is elsewhere.", new TextSpan(a + eq, 1));
                return true;
            }

            if (core.IndexOf('/') < 0 && (core[0] == '[' || (core.Contains("::", StringComparison.Ordinal) && core.IndexOfAnyExcept(Chars.HexColon) < 0)))
            {
                b.Add(MalformedIpv6Host, Severity.Error, $"\"{Excerpt(core)}\" is an IPv6 address with no repository after it; an image on an IPv6 registry is written [address]:port/repository:tag (and Podman does not accept IPv6 registries at all).", span);
                return true;
            }

            var windows = FindWindowsPath(core);
            if (windows >= 0)
            {
                b.Add(FilesystemPath, Severity.Error, $"\"{Abbreviate(core.ToString())}\" contains a Windows path ({core[windows..Math.Min(core.Length, windows + 3)]}…), not an image: a shell expanded a path (often an unquoted $(pwd) or a -v mapping) into the image position.", new TextSpan(a + windows, e - a - windows));
                return true;
            }

            var pathPrefix = core.StartsWith("./") || core.StartsWith("../") || core.StartsWith("~/") || core.SequenceEqual(".") || core.SequenceEqual("..");
            if ((pathPrefix || core[0] == '/') && core.IndexOf(":/") > 0)
            {
                b.Add(VolumeSpec, Severity.Error, $"\"{Excerpt(core)}\" is a volume mapping (source:target), as given to -v/--volume: the image argument is elsewhere on the command line.", span);
                return true;
            }

            if (pathPrefix || (core[0] == '/' && LooksLikeAbsolutePath(core)))
            {
                b.Add(FilesystemPath, Severity.Error, $"\"{Excerpt(core)}\" is a file-system path, not an image reference: a build context or file was passed where the image belongs.", span);
                return true;
            }

            return false;
        }

        private int ReadPrefix(int a, int e)
        {
            var core = s.AsSpan(a, e - a);
            var scheme = core.IndexOf("://", StringComparison.Ordinal);
            if (scheme > 0 && core[..scheme].IndexOfAnyExcept(Chars.Scheme) < 0)
            {
                var name = core[..scheme].ToString();
                var length = scheme + 3;
                var isTransport = name is "docker" or "oci" or "podman" or "containers-storage" or "docker-daemon" or "oci-archive" or "docker-archive";
                var message = name switch
                {
                    "podman" => "\"podman://\" looks like a transport prefix, but containers/image has no such transport (docker://, containers-storage:, docker-daemon:, oci: … are); an image reference has no prefix at all: the reference starts after it.",
                    _ when isTransport => $"\"{name}://\" is a transport prefix of Skopeo and Podman command lines, not part of an image reference; the reference starts after it.",
                    _ => $"\"{Excerpt(name)}://\" is a URL scheme; an image reference has no scheme: write the registry host directly.",
                };

                b.Add(isTransport ? TransportPrefix : UrlScheme, Severity.Error, message, new TextSpan(a, length), Fix.Delete($"Remove \"{Excerpt(name)}://\"", a, length));
                return a + length;
            }

            foreach (var transport in Transports)
            {
                if (core.StartsWith(transport, StringComparison.Ordinal) && core.Length > transport.Length)
                {
                    b.Add(TransportPrefix, Severity.Error, $"\"{transport}\" is a containers/image transport of Skopeo/Podman command lines, not part of an image reference.", new TextSpan(a, transport.Length), Fix.Delete($"Remove \"{transport}\"", a, transport.Length));
                    return a + transport.Length;
                }
            }

            return a;
        }

        private void ReadTemplates(int p, int e)
        {
            var i = p;
            while (i < e && !b.IsFull)
            {
                // Only these characters can begin a template: skip to the next one.
                var candidate = s.AsSpan(i, e - i).IndexOfAny(Chars.TemplateStart);
                if (candidate < 0)
                {
                    break;
                }

                i += candidate;
                var c = s[i];
                int end;
                if (c == '$' && i + 2 < e && s[i + 1] == '{' && s[i + 2] == '{')
                {
                    end = s.AsSpan(i + 3, e - i - 3).IndexOf("}}", StringComparison.Ordinal);
                    end = end < 0 ? e : end + i + 5;
                    b.Add(TemplateExpression, Severity.Error, $"The CI expression \"{Excerpt(s.AsSpan(i, end - i))}\" was not evaluated (GitHub Actions expands ${{{{ … }}}} only in workflow fields, not inside scripts or files); the value reached the engine as text.", new TextSpan(i, end - i));
                }
                else if (c == '$' && i + 1 < e && s[i + 1] == '{')
                {
                    end = Close(i + 2, e, '}');
                    var body = s.AsSpan(i + 2, Math.Max(0, (end < e || s[end - 1] == '}' ? end - 1 : end) - i - 2));
                    var nameEnd = body.IndexOfAnyExcept(Chars.Identifier);
                    var name = nameEnd < 0 ? body : body[..nameEnd];
                    var rest = nameEnd < 0 ? [] : body[nameEnd..];
                    var fixes = Array.Empty<Fix>();
                    if (rest.StartsWith(":-") || (rest.StartsWith("-") && !rest.StartsWith("-}")))
                    {
                        var dflt = rest[(rest[0] == ':' ? 2 : 1)..].ToString();
                        fixes = [Fix.Replace($"Use the default value \"{Excerpt(dflt)}\"", i, end - i, dflt)];
                    }

                    b.Add(UnexpandedVariable, Severity.Error, $"The variable ${{{Excerpt(name)}}} was not expanded: \"{Excerpt(s.AsSpan(i, end - i))}\" reached the engine as text. Set {Excerpt(name)} (or quote so the shell expands it) before this value is used.", new TextSpan(i, end - i), fixes);
                }
                else if (c == '$' && i + 1 < e && s[i + 1] == '(')
                {
                    end = Close(i + 2, e, ')');
                    b.Add(CommandSubstitution, Severity.Error, $"The command substitution \"{Excerpt(s.AsSpan(i, end - i))}\" was not run: the text reached the engine as it is (single quotes, or a tool that does not use a shell).", new TextSpan(i, end - i));
                }
                else if (c == '$' && i + 1 < e && (char.IsAsciiLetter(s[i + 1]) || s[i + 1] == '_'))
                {
                    end = i + 1;
                    while (end < e && (char.IsAsciiLetterOrDigit(s[end]) || s[end] == '_'))
                    {
                        end++;
                    }

                    b.Add(UnexpandedVariable, Severity.Error, $"The variable ${Excerpt(s.AsSpan(i + 1, end - i - 1))} was not expanded: it reached the engine as text. Set it (or use double quotes instead of single quotes) before this value is used.", new TextSpan(i, end - i));
                }
                else if (c == '`')
                {
                    end = Close(i + 1, e, '`');
                    b.Add(CommandSubstitution, Severity.Error, $"The command substitution \"{Excerpt(s.AsSpan(i, end - i))}\" was not run.", new TextSpan(i, end - i));
                }
                else if (c == '{' && i + 1 < e && s[i + 1] is '{' or '%')
                {
                    end = s.AsSpan(i + 2, e - i - 2).IndexOf(s[i + 1] == '{' ? "}}" : "%}", StringComparison.Ordinal);
                    end = end < 0 ? -1 : end + i + 2;
                    end = end < 0 ? e : end + 2;
                    b.Add(TemplateExpression, Severity.Error, $"The template expression \"{Excerpt(s.AsSpan(i, end - i))}\" was not rendered (Helm, Go template, Jinja): the value reached the engine before templating.", new TextSpan(i, end - i));
                }
                else if (c == '<' && s.AsSpan(i + 1, e - i - 1).IndexOfAny('<', '>') is var next and > 0 && s[i + 1 + next] == '>' && i + 1 + next is var gt)
                {
                    end = gt + 1;
                    b.Add(UnrenderedPlaceholder, Severity.Error, $"\"{Excerpt(s.AsSpan(i, end - i))}\" is a documentation placeholder copied literally; put the real {Excerpt(s.AsSpan(i + 1, gt - i - 1))} in its place.", new TextSpan(i, end - i));
                }
                else if (c == '%' && i + 2 < e && (char.IsAsciiLetter(s[i + 1]) || s[i + 1] == '_') && s.IndexOf('%', i + 1, e - i - 1) is var close and > 0
                    && s.AsSpan(i + 1, close - i - 1).IndexOfAnyExcept(Chars.Identifier) < 0)
                {
                    end = close + 1;
                    b.Add(UnexpandedVariable, Severity.Error, $"The Windows variable {s[i..end]} was not expanded.", new TextSpan(i, end - i));
                }
                else
                {
                    i++;
                    continue;
                }

                Array.Fill(ignored, true, i, end - i);
                i = end;
            }
        }

        private int Close(int from, int e, char close)
        {
            var depth = 0;
            var open = close == ')' ? '(' : close == '}' ? '{' : '\0';
            for (var j = from; j < e; j++)
            {
                if (s[j] == open)
                {
                    depth++;
                }
                else if (s[j] == close)
                {
                    if (depth == 0)
                    {
                        return j + 1;
                    }

                    depth--;
                }
            }

            return e;
        }

        private void ReadCharacters(int p, int e)
        {
            for (var i = p; i < e && !b.IsFull; i++)
            {
                // Printable ASCII is never reported here: skip to the next control or non-ASCII character.
                var next = s.AsSpan(i, e - i).IndexOfAnyExceptInRange(' ', '~');
                if (next < 0)
                {
                    break;
                }

                i += next;
                if (ignored[i])
                {
                    continue;
                }

                var c = s[i];
                if (c < 0x20 || c is >= '\x7f' and <= '\x9f')
                {
                    b.Add(ControlCharacter, Severity.Error, $"A control character, {Describe(c.ToString())}, at offset {i.ToString(CultureInfo.InvariantCulture)}; references contain printable ASCII only.", new TextSpan(i, 1), Fix.Delete($"Remove the {Describe(c.ToString())}", i, 1));
                    ignored[i] = true;
                }
                else if (c > 0x7f)
                {
                    var length = char.IsHighSurrogate(c) && i + 1 < e && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
                    var text = s.Substring(i, length);
                    var lookAlike = LookAlikes.Find(text, InPath(i));
                    var fixes = lookAlike is null ? [Fix.Delete($"Remove {Describe(text)}", i, length)] : new[] { Fix.Replace($"Replace {Describe(text)} with the ASCII \"{lookAlike}\"", i, length, lookAlike) };
                    var hint = lookAlike is null or "" ? string.Empty : $", which looks like \"{lookAlike}\"";
                    b.Add(NonAsciiCharacter, Severity.Error, $"{Capitalize(Describe(text))}{hint} at offset {i.ToString(CultureInfo.InvariantCulture)}: references are ASCII only (word processors and chat tools substitute look-alikes).", new TextSpan(i, length), fixes);
                    Array.Fill(ignored, true, i, length);
                    i += length - 1;
                }
            }
        }

        private bool InPath(int i)
        {
            var colon = s.IndexOf(':', s.LastIndexOf('/', i) + 1);
            return colon < 0 || colon > i;
        }

        private int Find(int from, int to, char c1, char c2 = '\0', char c3 = '\0')
        {
            for (var i = from; i < to; i++)
            {
                var next = s.AsSpan(i, to - i).IndexOfAny(c1, c2, c3);
                if (next < 0)
                {
                    return -1;
                }

                i += next;
                if (!ignored[i])
                {
                    return i;
                }
            }

            return -1;
        }

        private void ReadStructure(int p, int e)
        {
            var slash = Find(p, e, '/');
            var pathStart = p;
            if (slash >= 0)
            {
                var first = s.AsSpan(p, slash - p);
                var hasIgnored = Array.IndexOf(ignored, true, p, slash - p) >= 0;
                if ((first.IndexOfAny('.', ':') >= 0 || first.SequenceEqual("localhost") || first.IndexOfAnyInRange('A', 'Z') >= 0 || (hasIgnored && first.StartsWith("$")))
                    && !IsNameColonTagWithSlash(first, s.AsSpan(slash + 1, e - slash - 1)))
                {
                    ReadRegistry(p, slash, e);
                    pathStart = slash + 1;
                }
            }

            var pathEnd = Find(pathStart, e, ':', '@');
            if (pathEnd < 0)
            {
                pathEnd = e;
            }

            if (pathStart == pathEnd)
            {
                if (pathEnd == e && pathStart > p)
                {
                    b.Add(EmptyPathComponent, Severity.Error, "Nothing follows the registry's '/': the repository path is missing.", new TextSpan(pathStart - 1, 1), Fix.Delete("Remove the trailing '/'", pathStart - 1, 1));
                }
                else
                {
                    b.Add(EmptyName, Severity.Error, $"The reference has no repository name before '{(pathEnd < e ? s[pathEnd] : ':')}': a tag or digest needs a name in front (for example nginx{s[pathEnd..e]}).", new TextSpan(pathEnd < e ? pathEnd : pathStart, 1));
                }
            }
            else
            {
                ReadPath(p, pathStart, pathEnd, slash >= 0 && pathStart == slash + 1);
            }

            var i = pathEnd;
            var hadTag = false;
            if (i < e && s[i] == ':')
            {
                var at = Find(i + 1, e, '@');
                var tagEnd = at < 0 ? e : at;
                hadTag = true;
                if (ReadTagRegion(i, tagEnd, e, pathStart, pathEnd))
                {
                    return;
                }

                i = tagEnd;
            }

            if (i < e && s[i] == '@')
            {
                ReadDigest(i, e, hadTag);
            }
        }

        /// <summary>
        /// "app:feature/login" is read by the engines as registry "app:feature", but a person meant tag
        /// "feature/login": a dot-less host other than localhost with a non-numeric "port" is read as name:tag,
        /// unless the rest is a bare version (the remote:distro/version syntax of LXD, images:ubuntu/24.04).
        /// </summary>
        private static bool IsNameColonTagWithSlash(ReadOnlySpan<char> first, ReadOnlySpan<char> rest)
        {
            var colon = first.IndexOf(':');
            if (colon <= 0 || first[..colon].IndexOf('.') >= 0 || first[..colon].SequenceEqual("localhost") || first[0] == '[')
            {
                return false;
            }

            var port = first[(colon + 1)..];
            var lxd = rest.Length > 0 && char.IsAsciiDigit(rest[0]) && rest.IndexOfAnyExcept(Chars.DigitsDot) < 0;
            return port.IndexOfAnyExceptInRange('0', '9') >= 0 && !lxd;
        }

        private void ReadRegistry(int p, int slash, int e)
        {
            var host = s.AsSpan(p, slash - p);
            if (Array.IndexOf(ignored, true, p, slash - p) >= 0)
            {
                return;
            }

            if (ReferenceGrammar.IsDomain(host, allowIpv6: true))
            {
                if (host.IndexOfAnyInRange('A', 'Z') >= 0 && host.ToString().ToLowerInvariant() is var lower
                    && (lower.Contains('.') || lower.Contains(':') || lower == "localhost"))
                {
                    b.Add(RegistryUppercase, Severity.Warning, $"The registry host \"{Excerpt(host)}\" has uppercase letters; host names are case-insensitive, but Docker keeps the spelling, so credentials, mirrors and policies see a different registry than \"{Excerpt(lower)}\".", new TextSpan(p, slash - p), Fix.Replace("Lowercase the registry host", p, slash - p, lower));
                }

                return;
            }

            if (ReferenceGrammar.MatchComponent(host, 0, lower: true) == host.Length)
            {
                return;
            }

            var span = new TextSpan(p, slash - p);
            if (host[0] == '[' || (host.Count(':') >= 2 && host.IndexOfAnyExcept(Chars.HexColon) < 0))
            {
                var close = host.IndexOf(']');
                var why = host[0] != '[' ? "an IPv6 address must be written in brackets, [address]:port"
                    : close < 0 ? "the closing ']' is missing"
                    : host[1..close].IndexOf('%') >= 0 ? "zone IDs (%eth0) are not allowed"
                    : host[1..close].IndexOf('.') >= 0 ? "embedded IPv4 addresses are not allowed"
                    : close == 1 || host[1..close].IndexOfAnyExcept(Chars.HexColon) >= 0 ? "only hex digits and ':' may stand inside the brackets"
                    : close + 1 < host.Length && host[close + 1] != ':' ? "the port must follow ']' after a ':'"
                    : "the port must be digits only";
                b.Add(MalformedIpv6Host, Severity.Error, $"The IPv6 registry \"{Excerpt(host)}\" is malformed: {why}. (Podman does not accept IPv6 registries at all.)", span);
                return;
            }

            var colon = host.IndexOf(':');
            var hostName = colon < 0 ? host : host[..colon];
            if (hostName.Length == 0)
            {
                b.Add(InvalidRegistryHost, Severity.Error, $"The registry \"{Excerpt(host)}\" has no host name before ':'.", new TextSpan(p, 1));
            }
            else if (FloatNotation.TryParse(FirstLabelRun(hostName), out var integer, out var floatLength) && hostName.Length > floatLength && hostName[floatLength] == '.')
            {
                var fixes = integer is null ? [] : new[] { Fix.Replace($"Write the account number in full: {integer}", p, floatLength, integer) };
                b.Add(FloatCoercedHost, Severity.Error, $"The registry host starts with \"{hostName[..floatLength]}\", a number in float notation: an AWS account ID or similar was read as a number by YAML or Helm. Quote it where it is defined.", new TextSpan(p, floatLength), fixes);
            }
            else
            {
                ReadHostLabels(p, hostName);
            }

            if (colon >= 0)
            {
                var port = host[(colon + 1)..];
                var portSpan = new TextSpan(p + colon + 1, port.Length);
                if (port.Length == 0)
                {
                    b.Add(PortNotNumeric, Severity.Error, $"The registry \"{Excerpt(host)}\" ends with ':' but no port number follows.", new TextSpan(p + colon, 1), Fix.Delete("Remove the empty port", p + colon, 1));
                }
                else if (port.IndexOfAnyExceptInRange('0', '9') >= 0)
                {
                    var fixes = new List<Fix>();
                    var path = s.AsSpan(slash + 1, e - slash - 1);
                    if (hostName.IndexOf('.') < 0 && port.IndexOfAnyExcept(Chars.LowerDash) < 0 && path.Length > 0 && char.IsAsciiDigit(path[0]) && path.IndexOfAnyExcept(Chars.DigitsDot) < 0)
                    {
                        fixes.Add(Fix.Whole($"\"{hostName}:{port}/{path}\" is the remote:distro/version syntax of LXD/Incus; the Docker Hub image is {port}:{path}", $"docker.io/library/{port}:{path}"));
                    }

                    b.Add(PortNotNumeric, Severity.Error, $"\"{Excerpt(port)}\" follows the registry host \"{Excerpt(hostName)}\" after ':', where a port number was expected (the first '/' ends the registry, so everything before it is host:port).", portSpan, [.. fixes]);
                }
            }
        }

        private static ReadOnlySpan<char> FirstLabelRun(ReadOnlySpan<char> host)
        {
            // A float such as 1.23456789012e+11 spans several dot-separated pieces: read up to the exponent's end.
            var i = 0;
            while (i < host.Length && (char.IsAsciiDigit(host[i]) || host[i] is '.' or 'e' or 'E' or '+' or '-'))
            {
                i++;
            }

            return host[..i].TrimEnd('.');
        }

        private void ReadHostLabels(int p, ReadOnlySpan<char> host)
        {
            var start = 0;
            while (start <= host.Length)
            {
                var dot = host[start..].IndexOf('.');
                var end = dot < 0 ? host.Length : start + dot;
                var label = host[start..end];
                if (label.Length == 0)
                {
                    var dotAt = end < host.Length ? p + end : p + start - 1;
                    b.Add(InvalidRegistryHost, Severity.Error, $"The registry host \"{Excerpt(host)}\" has an empty label (a leading, trailing or doubled '.').", new TextSpan(dotAt, 1), Fix.Delete("Remove the extra '.'", dotAt, 1));
                }
                else
                {
                    var bad = label.IndexOfAnyExcept(Chars.HostLabel);
                    if (bad >= 0 && !ignored[p + start + bad])
                    {
                        b.Add(InvalidRegistryHost, Severity.Error, $"'{label[bad]}' is not allowed in the registry host \"{Excerpt(host)}\"; host labels are letters, digits and '-'.", new TextSpan(p + start + bad, 1), Fix.Replace("Replace it with '-'", p + start + bad, 1, "-"));
                    }
                    else if (label[0] == '-' || label[^1] == '-')
                    {
                        var dashAt = label[0] == '-' ? p + start : p + end - 1;
                        b.Add(InvalidRegistryHost, Severity.Error, $"The label \"{Excerpt(label)}\" of the registry host \"{Excerpt(host)}\" starts or ends with '-'.", new TextSpan(dashAt, 1), Fix.Delete("Remove the '-'", dashAt, 1));
                    }
                }

                if (dot < 0)
                {
                    break;
                }

                start = end + 1;
            }
        }

        private void ReadPath(int p, int ps, int pe, bool explicitRegistry)
        {
            var firstUpper = -1;
            var lastUpper = -1;
            List<Edit>? lower = null;
            List<Edit>? kebab = null;
            var cs = ps;
            while (cs <= pe && !b.IsFull)
            {
                var slash = Find(cs, pe, '/');
                var ce = slash < 0 ? pe : slash;
                if (ce == cs)
                {
                    var at = cs < pe ? cs : cs - 1;
                    b.Add(EmptyPathComponent, Severity.Error, at == ps ? $"The repository path starts with '/': \"{Excerpt(s.AsSpan(ps, pe - ps))}\" has an empty first component." : $"The repository path \"{Excerpt(s.AsSpan(ps, pe - ps))}\" has an empty component ('//' or a trailing '/').", new TextSpan(at, 1), Fix.Delete("Remove the extra '/'", at, 1));
                }
                else
                {
                    ReadComponent(cs, ce);
                    for (var i = cs; i < ce; i++)
                    {
                        var next = s.AsSpan(i, ce - i).IndexOfAnyInRange('A', 'Z');
                        if (next < 0)
                        {
                            break;
                        }

                        i += next;
                        if (!ignored[i])
                        {
                            firstUpper = firstUpper < 0 ? i : firstUpper;
                            lastUpper = i;
                            var l = char.ToLowerInvariant(s[i]).ToString();
                            (lower ??= []).Add(new Edit(i, 1, l));
                            // Words are split with '-' only in the image name (the last component): an owner or
                            // namespace spelt differently is another account.
                            var afterWord = slash < 0 && i > cs && (char.IsAsciiLetterLower(s[i - 1]) || char.IsAsciiDigit(s[i - 1]));
                            (kebab ??= []).Add(new Edit(i, 1, afterWord ? "-" + l : l));
                        }
                    }
                }

                if (slash < 0)
                {
                    break;
                }

                cs = slash + 1;
            }

            if (lower is not null && kebab is not null)
            {
                var fixes = new List<Fix> { new("Lowercase the repository path", [.. lower]) };
                if (kebab.Any(k => k.Length != k.Text.Length))
                {
                    fixes.Add(new Fix("Lowercase it, with '-' between the words", [.. kebab]));
                }

                var path = Excerpt(s.AsSpan(ps, pe - ps));
                b.Add(PathUppercase, Severity.Error, $"The repository path \"{path}\" has uppercase letters ({string.Join(", ", lower.Select(x => s[x.Start]).Distinct())}); repository names must be lowercase — CI variables such as the repository owner keep the account's casing.", new TextSpan(firstUpper, lastUpper - firstUpper + 1), [.. fixes]);
            }

            var written = pe - ps;
            var hub = !explicitRegistry || s.AsSpan(p, ps - p - 1) is "docker.io" or "index.docker.io";
            var dockerLength = written + (hub && s.AsSpan(ps, written).IndexOf('/') < 0 ? ReferenceGrammar.OfficialRepoPrefix.Length : 0);
            var podmanLength = dockerLength + (explicitRegistry ? ps - p : ReferenceGrammar.DefaultDomain.Length + 1);
            if (dockerLength > ReferenceGrammar.NameTotalLengthMax || podmanLength > ReferenceGrammar.NameTotalLengthMax)
            {
                b.Add(PathTooLong, Severity.Error, $"The repository path is {dockerLength.ToString(CultureInfo.InvariantCulture)} characters long (with the registry, {podmanLength.ToString(CultureInfo.InvariantCulture)}); the limit is 255 — Docker counts the path, Podman the whole name.", new TextSpan(ps, written));
            }
        }

        private bool IsAlnumLike(int i) => ignored[i] || char.IsAsciiLetterOrDigit(s[i]) || !IsSeparator(s[i]);

        private static bool IsSeparator(char c) => c is '.' or '_' or '-';

        private void ReadComponent(int cs, int ce)
        {
            string? excerpt = null;
            string Component() => excerpt ??= Excerpt(s.AsSpan(cs, ce - cs));
            for (var i = cs; i < ce; i++)
            {
                // Skip to the next character that is neither a letter, a digit nor a separator.
                var next = s.AsSpan(i, ce - i).IndexOfAnyExcept(Chars.PathCharacters);
                if (next < 0)
                {
                    break;
                }

                i += next;
                if (ignored[i])
                {
                    continue;
                }

                var run = i;
                while (run < ce && !ignored[run] && !char.IsAsciiLetterOrDigit(s[run]) && !IsSeparator(s[run]))
                {
                    run++;
                }

                var text = s[i..run];
                var atEdge = i == cs || run == ce;
                b.Add(PathInvalidCharacter, Severity.Error, $"{Quote(Excerpt(text))} {(text.Length == 1 ? "is" : "are")} not allowed in the repository path component \"{Component()}\"; only a-z, 0-9, '.', '_' and '-' are.", new TextSpan(i, run - i),
                    atEdge ? Fix.Delete($"Remove {Quote(Excerpt(text))}", i, run - i) : Fix.Replace($"Replace {Quote(Excerpt(text))} with '-'", i, run - i, "-"));
                i = run - 1;
            }

            var lead = cs;
            while (lead < ce && !ignored[lead] && IsSeparator(s[lead]))
            {
                lead++;
            }

            if (lead == ce)
            {
                b.Add(NameStartsWithSeparator, Severity.Error, $"The path component \"{Component()}\" has only separators; a component must start and end with a letter or digit.", new TextSpan(cs, ce - cs));
                return;
            }

            if (lead > cs)
            {
                b.Add(NameStartsWithSeparator, Severity.Error, $"The path component \"{Component()}\" starts with {Quote(s[cs..lead])}; a component must start with a lowercase letter or digit.", new TextSpan(cs, lead - cs), Fix.Delete($"Remove the leading {Quote(s[cs..lead])}", cs, lead - cs));
            }

            var trail = ce;
            while (trail > lead && !ignored[trail - 1] && IsSeparator(s[trail - 1]))
            {
                trail--;
            }

            if (trail < ce)
            {
                b.Add(NameEndsWithSeparator, Severity.Error, $"The path component \"{Component()}\" ends with {Quote(s[trail..ce])}; a component must end with a lowercase letter or digit (an empty variable before it is a common cause).", new TextSpan(trail, ce - trail), Fix.Delete($"Remove the trailing {Quote(s[trail..ce])}", trail, ce - trail));
            }

            for (var i = lead; i < trail; i++)
            {
                // Only separators can break the rule: skip to the next one.
                var next = s.AsSpan(i, trail - i).IndexOfAny(Chars.Separators);
                if (next < 0)
                {
                    break;
                }

                i += next;
                if (IsAlnumLike(i))
                {
                    continue;
                }

                var run = i;
                while (run < trail && !IsAlnumLike(run))
                {
                    run++;
                }

                var sep = s.AsSpan(i, run - i);
                var valid = sep is "." or "_" or "__" || sep.IndexOfAnyExcept('-') < 0;
                if (!valid)
                {
                    var replacement = sep.Contains('-') ? "-" : sep[0].ToString();
                    b.Add(InvalidSeparator, Severity.Error, $"\"{Excerpt(sep)}\" in \"{Component()}\" is not a valid separator; between letters and digits only '.', '_', '__' or dashes may stand.", new TextSpan(i, run - i), Fix.Replace($"Use \"{replacement}\"", i, run - i, replacement));
                }

                i = run - 1;
            }
        }

        /// <summary>Returns true when the region was explained as a whole (nothing more to read).</summary>
        private bool ReadTagRegion(int colon, int te, int e, int pathStart, int pathEnd)
        {
            var ts = colon + 1;
            var text = s.AsSpan(ts, te - ts);
            var inner = text.IndexOf(':');
            if (te == e && inner > 0 && IsAlgorithmName(text[..inner]) && text[(inner + 1)..].Length >= 32 && text[(inner + 1)..].IndexOfAnyExcept(Chars.Hex) < 0)
            {
                b.Add(DigestInTagSlot, Severity.Error, $"\"{Abbreviate(text.ToString())}\" is a digest written where a tag goes; a digest follows '@', not ':'.", new TextSpan(colon, te - colon), Fix.Replace("Write the digest after '@'", colon, 1, "@"));
                return true;
            }

            if (inner < 0)
            {
                // One tag (the usual case): no list of segments.
                if (ts == te)
                {
                    b.Add(EmptyTag, Severity.Error, EmptyTagMessage, new TextSpan(colon, 1), Fix.Delete(RemoveEmptyTag, colon, 1));
                }
                else if (!b.IsFull)
                {
                    ReadTag(ts, te);
                }

                return false;
            }

            var segments = new List<(int Start, int End)>();
            var segStart = ts;
            for (var i = ts; i <= te; i++)
            {
                if (i == te || (s[i] == ':' && !ignored[i]))
                {
                    segments.Add((segStart, i));
                    segStart = i + 1;
                }
            }

            for (var k = segments.Count - 1; k >= 0; k--)
            {
                if (segments[k].Start == segments[k].End)
                {
                    var at = segments[k].Start - 1;
                    var trailing = k == segments.Count - 1;
                    b.Add(EmptyTag, Severity.Error, trailing && segments.Count == 1 ? EmptyTagMessage : "An empty tag between two ':'.", new TextSpan(at, 1), Fix.Delete(RemoveEmptyTag, at, 1));
                    segments.RemoveAt(k);
                }
            }

            if (segments.Count >= 2)
            {
                var second = segments[1].Start - 1;
                var last = segments[^1];
                var firstText = s[segments[0].Start..segments[0].End];
                var lastText = s[last.Start..last.End];
                var component = s.AsSpan(pathStart, pathEnd - pathStart);
                var lastComponent = component[(component.LastIndexOf('/') + 1)..];
                var keepFirst = Fix.Delete($"Keep the first tag \"{Excerpt(firstText)}\"", second, last.End - second);
                var keepLast = Fix.Delete($"Keep the last tag \"{Excerpt(lastText)}\"", segments[0].Start, last.Start - segments[0].Start);
                var joins = new Edit[segments.Count - 1];
                var tags = new StringBuilder();
                for (var k = 0; k < segments.Count; k++)
                {
                    tags.Append(k == 0 ? "\"" : ", \"").Append(s, segments[k].Start, segments[k].End - segments[k].Start).Append('"');
                    if (k > 0)
                    {
                        joins[k - 1] = new Edit(segments[k].Start - 1, 1, "-");
                    }
                }

                var join = new Fix("Join the tags with '-'", joins);
                var repeated = lastComponent.SequenceEqual(firstText);
                b.Add(TagContainsColon, Severity.Error,
                    $"More than one tag: {Excerpt(tags.ToString())}{(repeated ? $" (the name \"{Excerpt(firstText)}\" is written twice)" : string.Empty)}. Only one ':tag' may follow the name; the registry's port is the only other ':', before the first '/'.",
                    new TextSpan(second, te - second),
                    repeated ? [keepLast, keepFirst, join] : [keepFirst, keepLast, join]);
            }

            foreach (var (start, end) in segments)
            {
                if (b.IsFull)
                {
                    break;
                }

                ReadTag(start, end);
            }

            return false;
        }

        private void ReadTag(int t0, int t1)
        {
            var tag = s.AsSpan(t0, t1 - t0);
            if (tag.StartsWith("refs/tags/") || tag.StartsWith("refs/heads/"))
            {
                var name = tag[(tag[5..].IndexOf('/') + 6)..].ToString();
                var first = t0 + 4;
                var lastSlash = t0 + tag.LastIndexOf('/');
                b.Add(TagContainsSlash, Severity.Error, $"The tag \"{Excerpt(tag)}\" is a git ref; tags cannot contain '/'. Use the ref's short name.", new TextSpan(first, lastSlash - first + 1),
                    Fix.Replace($"Use \"{name.Replace('/', '-')}\"", t0, tag.Length, name.Replace('/', '-')));
                ReadTagCharacters(t0, t1);
                return;
            }

            if (tag.Contains('+') && FloatNotation.TryParse(tag, out var integer, out _))
            {
                var fixes = integer is null ? [] : new[] { Fix.Replace($"Use the number as it was meant: {integer}", t0, tag.Length, integer) };
                b.Add(FloatCoercedTag, Severity.Error, $"The tag \"{Excerpt(tag)}\" is a number in float notation: YAML or Helm read the tag as a number and printed it as a float. Quote the tag in the values file.", new TextSpan(t0, tag.Length), fixes);
                return;
            }

            var firstSlash = tag.IndexOf('/');
            if (firstSlash >= 0)
            {
                var lastSlash = tag.LastIndexOf('/');
                var fix = tag.TrimEnd('/').IndexOf('/') < 0 && lastSlash == tag.Length - 1
                    ? Fix.Delete("Remove the trailing '/'", t0 + tag.TrimEnd('/').Length, tag.Length - tag.TrimEnd('/').Length)
                    : new Fix($"Replace '/' with '-' ({tag.ToString().Replace('/', '-')})", ReplaceEach(tag, t0, '/', "-"));
                b.Add(TagContainsSlash, Severity.Error, $"The tag \"{Excerpt(tag)}\" contains '/': a branch name or path was used as the tag; tags allow letters, digits, '_', '.' and '-'.", new TextSpan(t0 + firstSlash, lastSlash - firstSlash + 1), fix);
            }

            var plus = tag.IndexOf('+');
            if (plus >= 0)
            {
                var lastPlus = tag.LastIndexOf('+');
                b.Add(TagBuildMetadata, Severity.Error, $"The tag \"{Excerpt(tag)}\" contains '+' (semver build metadata), which tags do not allow; write it with '-'.", new TextSpan(t0 + plus, lastPlus - plus + 1),
                    new Fix("Replace '+' with '-'", ReplaceEach(tag, t0, '+', "-")));
            }

            ReadTagCharacters(t0, t1);
            var lead = 0;
            while (lead < tag.Length && tag[lead] is '.' or '-' && !ignored[t0 + lead])
            {
                lead++;
            }

            if (lead > 0)
            {
                b.Add(TagInvalidStart, Severity.Error, $"The tag \"{Excerpt(tag)}\" starts with {Quote(Excerpt(tag[..lead]))}; a tag must start with a letter, digit or '_'.", new TextSpan(t0, lead), lead < tag.Length ? [Fix.Delete($"Remove the leading {Quote(Excerpt(tag[..lead]))}", t0, lead)] : []);
            }

            if (tag.Length > ReferenceGrammar.TagMaxLength)
            {
                b.Add(TagTooLong, Severity.Error, $"The tag is {tag.Length.ToString(CultureInfo.InvariantCulture)} characters long; the limit is 128.", new TextSpan(t0, tag.Length));
            }
        }

        private void ReadTagCharacters(int t0, int t1)
        {
            string? excerpt = null;
            for (var i = t0; i < t1; i++)
            {
                // Skip to the next character that is not allowed in a tag ('+' and '/' are reported elsewhere).
                var next = s.AsSpan(i, t1 - i).IndexOfAnyExcept(Chars.TagCharacters);
                if (next < 0)
                {
                    break;
                }

                i += next;
                if (ignored[i])
                {
                    continue;
                }

                var run = i;
                while (run < t1 && !ignored[run] && !(char.IsAsciiLetterOrDigit(s[run]) || s[run] is '_' or '.' or '-' or '+' or '/'))
                {
                    run++;
                }

                var text = s[i..run];
                b.Add(TagInvalidCharacter, Severity.Error, $"{Quote(Excerpt(text))} {(text.Length == 1 ? "is" : "are")} not allowed in the tag \"{excerpt ??= Excerpt(s.AsSpan(t0, t1 - t0))}\"; tags allow A-Z, a-z, 0-9, '_', '.' and '-'.", new TextSpan(i, run - i),
                    i == t0 || run == t1 ? Fix.Delete($"Remove {Quote(Excerpt(text))}", i, run - i) : Fix.Replace($"Replace {Quote(Excerpt(text))} with '-'", i, run - i, "-"));
                i = run - 1;
            }
        }

        private void ReadDigest(int at, int e, bool hadTag)
        {
            var d0 = at + 1;
            if (d0 == e)
            {
                b.Add(EmptyDigest, Severity.Error, "Nothing follows '@': a digest (sha256:<64 hex>) was expected.", new TextSpan(at, 1), Fix.Delete("Remove the '@'", at, 1));
                return;
            }

            var extraAt = Find(d0, e, '@');
            var end = extraAt < 0 ? e : extraAt;
            if (extraAt >= 0)
            {
                b.Add(DigestFormat, Severity.Error, extraAt == d0 ? "'@' is doubled." : "More than one digest: only one '@digest' may end a reference.", new TextSpan(extraAt, e - extraAt),
                    extraAt == d0 ? Fix.Delete("Remove the extra '@'", extraAt, 1) : Fix.Delete("Keep the first digest", extraAt, e - extraAt));
                if (extraAt == d0)
                {
                    d0++;
                    end = Find(d0, e, '@') is var again and >= 0 ? again : e;
                }
            }

            var digest = s.AsSpan(d0, end - d0);
            var colon = digest.IndexOf(':');
            if (colon < 0)
            {
                if (digest.Length > 0 && digest.IndexOfAnyExcept(Chars.Hex) < 0)
                {
                    var algorithm = digest.Length switch { 64 => "sha256", 96 => "sha384", 128 => "sha512", _ => null };
                    b.Add(DigestMissingAlgorithm, Severity.Error, $"The digest \"{Abbreviate(digest.ToString())}\" has no algorithm; a digest is algorithm:hex{(algorithm is null ? string.Empty : $", here {algorithm}:")}.", new TextSpan(d0, digest.Length),
                        algorithm is null ? [] : [Fix.Replace($"Add \"{algorithm}:\"", d0, 0, algorithm + ":")]);
                }
                else
                {
                    b.Add(DigestFormat, Severity.Error, $"\"{Abbreviate(digest.ToString())}\" after '@' is not a digest; a digest is algorithm:hex, such as sha256:<64 hex>.", new TextSpan(d0, digest.Length));
                }

                return;
            }

            var alg = digest[..colon];
            var rest = digest[(colon + 1)..];
            var colon2 = rest.IndexOf(':');
            var hex = colon2 < 0 ? rest : rest[..colon2];
            var hexStart = d0 + colon + 1;
            if (colon2 >= 0)
            {
                var tagStart = hexStart + colon2 + 1;
                var tag = s[tagStart..end];
                var fixes = hadTag || tag.Length == 0
                    ? new[] { Fix.Delete("Remove the text after the digest", tagStart - 1, end - tagStart + 1) }
                    : [new Fix($"Put the tag first: :{Excerpt(tag)}@…", [new Edit(at, 0, ":" + tag), new Edit(tagStart - 1, end - tagStart + 1, string.Empty)])];
                b.Add(DigestBeforeTag, Severity.Error, $"\":{Excerpt(tag)}\" follows the digest; the tag comes before the digest: name:{Excerpt(tag)}@{Excerpt(alg)}:….", new TextSpan(tagStart - 1, end - tagStart + 1), fixes);
            }

            if (alg.Length == 0)
            {
                b.Add(DigestMissingAlgorithm, Severity.Error, "The digest has no algorithm before ':'; sha256 was probably meant.", new TextSpan(d0, 1), hex.Length == 64 ? [Fix.Replace("Add \"sha256\"", d0, 0, "sha256")] : []);
                return;
            }

            var lowerAlg = alg.ToString().ToLowerInvariant();
            var expected = ReferenceGrammar.ExpectedHexLength(lowerAlg);
            if (expected > 0 && !alg.SequenceEqual(lowerAlg))
            {
                b.Add(DigestFormat, Severity.Error, $"The digest algorithm \"{Excerpt(alg)}\" must be lowercase: {lowerAlg}.", new TextSpan(d0, alg.Length), Fix.Replace($"Write \"{lowerAlg}\"", d0, alg.Length, lowerAlg));
            }
            else if (expected == 0)
            {
                b.Add(DigestUnsupportedAlgorithm, Severity.Error, $"The digest algorithm \"{Excerpt(alg)}\" is not supported; the engines know sha256, sha384 and sha512.", new TextSpan(d0, alg.Length));
            }

            var badHex = hex.IndexOfAnyExcept(Chars.Hex);
            if (badHex >= 0)
            {
                b.Add(DigestFormat, Severity.Error, $"'{hex[badHex]}' is not a hex digit; a digest's hex part is 0-9 and a-f.", new TextSpan(hexStart + badHex, 1));
            }
            else if (expected > 0 && hex.Length != expected)
            {
                b.Add(DigestLength, Severity.Error, $"A {lowerAlg} digest has {expected.ToString(CultureInfo.InvariantCulture)} hex characters; this one has {hex.Length.ToString(CultureInfo.InvariantCulture)} (a truncated or extended copy).", new TextSpan(hexStart, Math.Max(1, hex.Length)));
            }
            else if (hex.IndexOfAnyInRange('A', 'F') >= 0)
            {
                b.Add(DigestFormat, Severity.Error, "The digest's hex part must be lowercase.", new TextSpan(hexStart, hex.Length), Fix.Replace("Lowercase the hex", hexStart, hex.Length, hex.ToString().ToLowerInvariant()));
            }
            else if (expected == 0 && hex.Length < 32)
            {
                b.Add(DigestLength, Severity.Error, $"The digest's hex part has {hex.Length.ToString(CultureInfo.InvariantCulture)} characters; at least 32 are required.", new TextSpan(hexStart, Math.Max(1, hex.Length)));
            }
        }

        /// <summary>An edit for each <paramref name="c"/> of <paramref name="text"/>, which starts at <paramref name="offset"/>.</summary>
        private static Edit[] ReplaceEach(ReadOnlySpan<char> text, int offset, char c, string replacement)
        {
            var edits = new Edit[text.Count(c)];
            var k = 0;
            for (var j = 0; j < text.Length; j++)
            {
                if (text[j] == c)
                {
                    edits[k++] = new Edit(offset + j, 1, replacement);
                }
            }

            return edits;
        }

        private static bool IsAlgorithmName(ReadOnlySpan<char> a) =>
            a.Length > 0 && char.IsAsciiLetter(a[0]) && a.IndexOfAnyExcept(Chars.Algorithm) < 0;

        /// <summary>"docker pull", "podman run --rm", "FROM", "image:", "- image:" before a reference.</summary>
        private static bool LooksLikeCommandOrKey(ReadOnlySpan<char> prefix)
        {
            if (prefix.Length == 0)
            {
                return false;
            }

            if (prefix[^1] == ':')
            {
                return true;
            }

            var space = prefix.IndexOfAny(' ', '\t');
            return IsOneOf(space < 0 ? prefix : prefix[..space], Tools);
        }

        private static bool IsNullLiteral(ReadOnlySpan<char> core)
        {
            foreach (var range in core.Split(':'))
            {
                if (!IsOneOf(core[range], NullLiterals))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsFlag(ReadOnlySpan<char> core)
        {
            if (core.Length >= 3 && core.StartsWith("--") && char.IsAsciiLetter(core[2]))
            {
                return true;
            }

            if (core.Length >= 2 && core[0] is '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' && char.IsAsciiLetter(core[1]))
            {
                return true;
            }

            return core.Length is 2 or 3 && core[0] == '-' && core[1..].IndexOfAnyExcept(Chars.Letters) < 0 && core[1..] is not "a";
        }

        private static int FindWindowsPath(ReadOnlySpan<char> core)
        {
            // A drive letter is followed by ':': look at the letter before each ':'.
            for (var colon = core.IndexOf(':'); colon >= 0 && colon + 1 < core.Length; colon = core[(colon + 1)..].IndexOf(':') is var next and >= 0 ? colon + 1 + next : -1)
            {
                var i = colon - 1;
                if (i >= 0 && char.IsAsciiLetter(core[i]) && core[i + 2] is '\\' or '/' && (i == 0 || core[i - 1] is ':' or '"' or '\'' or ' '))
                {
                    return i;
                }
            }

            return core.IndexOf('\\') >= 0 ? 0 : -1;
        }

        private static bool LooksLikeAbsolutePath(ReadOnlySpan<char> core)
        {
            var rest = core[1..];
            var slash = rest.IndexOf('/');
            if (slash > 0 && IsOneOf(rest[..slash], SystemDirectories))
            {
                return true;
            }

            foreach (var ext in FileExtensions)
            {
                if (core.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static string Quote(string text) => text.Length == 1 ? $"'{text}'" : $"\"{text}\"";

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Names characters a person cannot see: "a tab (U+0009)", "a non-breaking space (U+00A0)".</summary>
    internal static string Describe(string text)
    {
        if (text.Length > 1 && !(text.Length == 2 && char.IsSurrogatePair(text[0], text[1])))
        {
            var distinct = text.EnumerateRunes().Distinct().Select(r => Describe(r.ToString())).ToList();
            return distinct.Count == 1 && text.Length > 1 ? $"{distinct[0]} ×{text.EnumerateRunes().Count().ToString(CultureInfo.InvariantCulture)}" : string.Join(", ", distinct);
        }

        var value = char.IsSurrogatePair(text, 0) ? char.ConvertToUtf32(text, 0) : text[0];
        var code = $"U+{value:X4}";
        var name = value switch
        {
            0x00 => "NUL",
            0x09 => "tab",
            0x0A => "line feed (LF)",
            0x0D => "carriage return (CR)",
            0x1B => "escape",
            0x20 => "space",
            0x7F => "delete",
            0xA0 => "non-breaking space",
            0x200B => "zero-width space",
            0x200C => "zero-width non-joiner",
            0x200D => "zero-width joiner",
            0xFEFF => "byte-order mark",
            0x2010 => "hyphen",
            0x2011 => "non-breaking hyphen",
            0x2012 => "figure dash",
            0x2013 => "en dash",
            0x2014 => "em dash",
            0x2212 => "minus sign",
            0x2018 or 0x2019 => "curly single quote",
            0x201C or 0x201D => "curly double quote",
            0x3000 => "ideographic space",
            >= 0xFF01 and <= 0xFF5E => $"full-width '{(char)(value - 0xFEE0)}'",
            >= 0xD800 and <= 0xDFFF => "lone surrogate",
            _ when value < 0x20 || value is >= 0x7F and <= 0x9F => "control character",
            _ when value >= 0x2000 && value <= 0x200A => "space",
            _ => $"'{text}'",
        };
        return $"{name} ({code})";
    }
}

/// <summary>Numbers printed in float notation (5.8467965e+07) by YAML, Helm or spreadsheets.</summary>
internal static class FloatNotation
{
    /// <summary>True when <paramref name="text"/> is digits[.digits](e|E)[+|-]digits; <paramref name="integer"/> is the
    /// whole number it stands for when it is one (else null); <paramref name="length"/> is the text's length.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out string? integer, out int length)
    {
        integer = null;
        length = text.Length;
        var i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var intDigits = i;
        var fraction = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                fraction++;
            }
        }

        if (intDigits == 0 || fraction == 0 || i >= text.Length || text[i] is not ('e' or 'E'))
        {
            return false;
        }

        i++;
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        var expStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == expStart || i != text.Length || i - expStart > 3)
        {
            return false;
        }

        var exponent = int.Parse(text[expStart..i], CultureInfo.InvariantCulture);
        var digits = string.Concat(text[..intDigits], text.Slice(intDigits + 1, fraction));
        if (!negative && exponent >= fraction)
        {
            integer = (digits + new string('0', exponent - fraction)).TrimStart('0');
            integer = integer.Length == 0 ? "0" : integer;
        }

        return true;
    }
}

/// <summary>ASCII look-alikes of characters that word processors and chat tools substitute.</summary>
internal static class LookAlikes
{
    private const string Accented = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ";
    private const string Plain = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy";

    /// <summary>The ASCII text to use instead, "" to delete, or null when there is no obvious one.</summary>
    public static string? Find(string text, bool inPath)
    {
        if (text.Length != 1)
        {
            return null;
        }

        var c = text[0];
        var ascii = c switch
        {
            >= '\u2010' and <= '\u2015' or '\u2212' or '\u00AD' => "-",
            '\u00A0' or '\u202F' or (>= '\u2000' and <= '\u200A') or '\u3000' => string.Empty,
            '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' => string.Empty,
            '\u2018' or '\u2019' or '\u201C' or '\u201D' => string.Empty,
            '\u2024' => ".",
            '\uFF0E' => ".",
            >= '\uFF01' and <= '\uFF5E' => ((char)(c - 0xFEE0)).ToString(),
            _ when Accented.IndexOf(c) is var k and >= 0 => Plain[k].ToString(),
            _ => null,
        };
        return ascii is not null && inPath ? ascii.ToLowerInvariant() : ascii;
    }
}

/// <summary>Cached character sets for the lenient reader.</summary>
internal static class Chars
{
    public static readonly SearchValues<char> DigitsDot = SearchValues.Create("0123456789.");
    public static readonly SearchValues<char> TemplateStart = SearchValues.Create("$`{<%");
    public static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdefABCDEF");
    public static readonly SearchValues<char> HexColon = SearchValues.Create("0123456789abcdefABCDEF:");
    public static readonly SearchValues<char> LowerDash = SearchValues.Create("abcdefghijklmnopqrstuvwxyz-");
    public static readonly SearchValues<char> Letters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    public static readonly SearchValues<char> FlagKey = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_");
    public static readonly SearchValues<char> Scheme = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
    public static readonly SearchValues<char> Algorithm = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+._-");
    public static readonly SearchValues<char> HostLabel = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
    public static readonly SearchValues<char> PathCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");
    public static readonly SearchValues<char> TagCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+/");
    public static readonly SearchValues<char> Separators = SearchValues.Create("._-");
    public static readonly SearchValues<char> Identifier = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
}
