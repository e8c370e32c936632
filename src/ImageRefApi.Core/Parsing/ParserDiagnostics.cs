namespace ImageRefApi.Core.Parsing;

/// <summary>The stable codes of the parser's diagnostics and their catalog entries.</summary>
public static class ParserDiagnostics
{
#pragma warning disable CS1591 // Each constant is described by its catalog entry below.
    public const string EmptyReference = "EMPTY_REFERENCE";
    public const string WhitespaceOnly = "WHITESPACE_ONLY";
    public const string LeadingWhitespace = "LEADING_WHITESPACE";
    public const string TrailingWhitespace = "TRAILING_WHITESPACE";
    public const string ControlCharacter = "CONTROL_CHARACTER";
    public const string NonAsciiCharacter = "NON_ASCII_CHARACTER";
    public const string UrlScheme = "URL_SCHEME";
    public const string TransportPrefix = "TRANSPORT_PREFIX";
    public const string FilesystemPath = "FILESYSTEM_PATH";
    public const string VolumeSpec = "VOLUME_SPEC";
    public const string FlagAsImage = "FLAG_AS_IMAGE";
    public const string FlagValueAsImage = "FLAG_VALUE_AS_IMAGE";
    public const string UnexpandedVariable = "UNEXPANDED_VARIABLE";
    public const string CommandSubstitution = "COMMAND_SUBSTITUTION";
    public const string TemplateExpression = "TEMPLATE_EXPRESSION";
    public const string UnrenderedPlaceholder = "UNRENDERED_PLACEHOLDER";
    public const string NullLiteral = "NULL_LITERAL";
    public const string CommentAsValue = "COMMENT_AS_VALUE";
    public const string QuotedValue = "QUOTED_VALUE";
    public const string PastedText = "PASTED_TEXT";
    public const string ImageIdAsReference = "IMAGE_ID_AS_REFERENCE";
    public const string PathUppercase = "PATH_UPPERCASE";
    public const string EmptyPathComponent = "EMPTY_PATH_COMPONENT";
    public const string NameStartsWithSeparator = "NAME_STARTS_WITH_SEPARATOR";
    public const string NameEndsWithSeparator = "NAME_ENDS_WITH_SEPARATOR";
    public const string InvalidSeparator = "INVALID_SEPARATOR";
    public const string PathInvalidCharacter = "PATH_INVALID_CHARACTER";
    public const string EmptyName = "EMPTY_NAME";
    public const string PathTooLong = "PATH_TOO_LONG";
    public const string EmptyTag = "EMPTY_TAG";
    public const string TagContainsColon = "TAG_CONTAINS_COLON";
    public const string TagContainsSlash = "TAG_CONTAINS_SLASH";
    public const string TagBuildMetadata = "TAG_BUILD_METADATA";
    public const string TagInvalidCharacter = "TAG_INVALID_CHARACTER";
    public const string TagInvalidStart = "TAG_INVALID_START";
    public const string TagTooLong = "TAG_TOO_LONG";
    public const string FloatCoercedTag = "FLOAT_COERCED_TAG";
    public const string FloatCoercedHost = "FLOAT_COERCED_HOST";
    public const string DigestInTagSlot = "DIGEST_IN_TAG_SLOT";
    public const string DigestBeforeTag = "DIGEST_BEFORE_TAG";
    public const string DigestMissingAlgorithm = "DIGEST_MISSING_ALGORITHM";
    public const string EmptyDigest = "EMPTY_DIGEST";
    public const string DigestLength = "DIGEST_LENGTH";
    public const string DigestFormat = "DIGEST_FORMAT";
    public const string DigestUnsupportedAlgorithm = "DIGEST_UNSUPPORTED_ALGORITHM";
    public const string PortNotNumeric = "PORT_NOT_NUMERIC";
    public const string InvalidRegistryHost = "INVALID_REGISTRY_HOST";
    public const string MalformedIpv6Host = "MALFORMED_IPV6_HOST";
    public const string InputTooLong = "INPUT_TOO_LONG";
    public const string InvalidReference = "INVALID_REFERENCE";
    public const string TooManyProblems = "TOO_MANY_PROBLEMS";
    public const string TagAndDigest = "TAG_AND_DIGEST";
    public const string LooksLikeImageId = "LOOKS_LIKE_IMAGE_ID";
    public const string ShortName = "SHORT_NAME";
    public const string HubNamespaceLooksLikeRegistry = "HUB_NAMESPACE_LOOKS_LIKE_REGISTRY";
    public const string RegistryUppercase = "REGISTRY_UPPERCASE";
    public const string EnginesDisagree = "ENGINES_DISAGREE";
    public const string TagLooksFloatCoerced = "TAG_LOOKS_FLOAT_COERCED";
    public const string RegistryNeedsNamespace = "REGISTRY_NEEDS_NAMESPACE";
    public const string LooksLikeSubcommand = "LOOKS_LIKE_SUBCOMMAND";
    public const string RegistryReadAsPath = "REGISTRY_READ_AS_PATH";
#pragma warning restore CS1591

    /// <summary>Every parser code with its title, default severity, explanation and an example input.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } =
    [
        new(EmptyReference, "Empty reference", Severity.Error, "The reference is an empty string; a name such as nginx:1.27 was expected. Usually a variable that was never set.", ""),
        new(WhitespaceOnly, "Whitespace only", Severity.Error, "The reference holds nothing but spaces or line breaks.", " "),
        new(LeadingWhitespace, "Leading whitespace", Severity.Error, "Engines trim nothing: a space, tab or line break before the name makes the reference invalid.", " nginx"),
        new(TrailingWhitespace, "Trailing whitespace", Severity.Error, "Engines trim nothing: a space, tab, CR or LF after the reference (often from a file with CRLF line ends or a copied line) makes it invalid.", "nginx:1.27\r"),
        new(ControlCharacter, "Control character", Severity.Error, "A control character (tab, CR, LF, NUL, escape…) inside the reference; none is allowed.", "ng\tinx"),
        new(NonAsciiCharacter, "Non-ASCII character", Severity.Error, "References are ASCII only. Look-alikes such as the en dash (U+2013), full-width letters or a non-breaking space usually come from word processors and chat tools.", "owasp/dependency\u2013track"),
        new(UrlScheme, "URL scheme", Severity.Error, "A reference has no scheme: write the registry host directly (quay.io/fedora/python-313, not https://quay.io/fedora/python-313).", "https://quay.io/fedora/python-313"),
        new(TransportPrefix, "Transport prefix", Severity.Error, "A containers/image transport (docker://, docker-daemon:, containers-storage:, oci:…) is a Skopeo/Podman command-line syntax, not part of an image reference.", "docker://alpine:3.20"),
        new(FilesystemPath, "File path where an image goes", Severity.Error, "The value is a file-system path (./x, ../x, /abs/path, C:\\x), not an image reference: an argument probably shifted or a build context was passed as the image.", "./myimage"),
        new(VolumeSpec, "Volume spec where an image goes", Severity.Error, "The value looks like a -v/--volume mapping (source:target), which means the image argument is elsewhere on the command line.", "/dev:/dev"),
        new(FlagAsImage, "Command-line flag where an image goes", Severity.Error, "The value is a command-line option (--rm, -it, or a dash pasted as an en dash: –rm); options go before the image.", "--rm"),
        new(FlagValueAsImage, "Flag value where an image goes", Severity.Error, "The value is the argument of an option such as --mount (key=value,key=value), not an image.", "type=bind,source=/data,target=/data"),
        new(UnexpandedVariable, "Unexpanded variable", Severity.Error, "A shell or CI variable ($VAR, ${VAR}, ${VAR:-default}) reached the engine unexpanded: it was not set, or the text was single-quoted.", "gcr.io/my-project/myapp:$GITHUB_SHA"),
        new(CommandSubstitution, "Unexpanded command substitution", Severity.Error, "A shell command substitution $(…) or `…` was not run before the value reached the engine.", "acme/app:$(git rev-parse --short HEAD)"),
        new(TemplateExpression, "Unrendered template", Severity.Error, "A Helm/Go/Jinja template expression ({{ .Values.image.tag }}) was not rendered.", "nginx:{{ .Values.image.tag }}"),
        new(UnrenderedPlaceholder, "Placeholder left in", Severity.Error, "A documentation placeholder such as <image> or <tag> was copied literally.", "<image>:<tag>"),
        new(NullLiteral, "Null literal", Severity.Error, "A language's null value (None, null, undefined, nil) was turned into text where an image was expected.", "None:None"),
        new(CommentAsValue, "Comment as value", Severity.Error, "The value starts with #: a YAML or shell comment ended up as the image value.", "# set latest tag"),
        new(QuotedValue, "Quoted value", Severity.Error, "The reference is wrapped in quote characters that reached the engine (quoted twice in YAML or a shell).", "\"nginx:1.27\""),
        new(PastedText, "Command line or YAML line pasted", Severity.Error, "Words stand before the reference: a whole command (docker pull …) or YAML line (image: …) was pasted where only the reference belongs.", "docker pull nginx:1.27"),
        new(ImageIdAsReference, "Image ID as reference", Severity.Error, "A 64-hex image ID cannot be pulled by name; use name@sha256:<digest> or the local ID with docker run directly.", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
        new(PathUppercase, "Uppercase in repository", Severity.Error, "Repository paths must be lowercase. CI variables such as ${{ github.repository_owner }} keep the account's casing; lowercase them.", "ghcr.io/AcmeUser/app:1.0"),
        new(EmptyPathComponent, "Empty path component", Severity.Error, "Two slashes in a row, or a leading or trailing slash, leave an empty path component.", "gcr.io//app"),
        new(NameStartsWithSeparator, "Component starts with a separator", Severity.Error, "A path component must start with a lowercase letter or digit, not '.', '_' or '-'.", "-onbuild"),
        new(NameEndsWithSeparator, "Component ends with a separator", Severity.Error, "A path component must end with a lowercase letter or digit, not '.', '_' or '-' (often a variable that expanded to nothing).", "act-test-:latest"),
        new(InvalidSeparator, "Invalid separator", Severity.Error, "Inside a component the separators are '.', '_', '__' or a run of '-'; combinations such as '___', '_.', '..' or '-.' are not allowed.", "a___b"),
        new(PathInvalidCharacter, "Invalid character in repository", Severity.Error, "Repository paths allow only a-z, 0-9, '.', '_', '-' and '/'.", "a^a"),
        new(EmptyName, "Missing repository name", Severity.Error, "The reference starts with ':' or '@': a tag or digest needs a repository name before it.", ":latest"),
        new(PathTooLong, "Repository path too long", Severity.Error, "The repository path may be at most 255 characters (Docker counts the path; Podman counts the whole name with the registry).", "a/a/…(256 characters)"),
        new(EmptyTag, "Empty tag", Severity.Error, "A ':' with nothing after it (often an unset tag variable).", "nginx:"),
        new(TagContainsColon, "More than one tag", Severity.Error, "Only one ':tag' may follow the name (the registry port is the only other ':'); often a tag appended to a value that already had one.", "huggingface-pytorch-training:xxxx:latest"),
        new(TagContainsSlash, "Slash in tag", Severity.Error, "Tags cannot contain '/': a branch name (feature/foo) or git ref (refs/tags/v1.2) was used as the tag.", "ghcr.io/acme/app:feature/login"),
        new(TagBuildMetadata, "'+' in tag", Severity.Error, "Tags cannot contain '+': semver build metadata (1.0.0+build.5) must be written with '-' or '_' in a tag.", "app:1.0.0+build.5"),
        new(TagInvalidCharacter, "Invalid character in tag", Severity.Error, "Tags allow only A-Z, a-z, 0-9, '_', '.' and '-'.", "app:invalid~tag"),
        new(TagInvalidStart, "Tag starts with '.' or '-'", Severity.Error, "A tag must start with a letter, digit or '_'.", "app:-4b35282"),
        new(TagTooLong, "Tag too long", Severity.Error, "A tag may be at most 128 characters.", "app:<129 characters>"),
        new(FloatCoercedTag, "Tag turned into a float", Severity.Error, "YAML or Helm read a numeric tag as a number and printed it in float notation (5.8467965e+07); quote the tag in the values file.", "app:5.8467965e+07"),
        new(FloatCoercedHost, "Registry host turned into a float", Severity.Error, "A numeric AWS account ID was printed in float notation (1.23456789012e+11); quote it in the values file.", "1.23456789012e+11.dkr.ecr.us-east-2.amazonaws.com/app:1"),
        new(DigestInTagSlot, "Digest written as a tag", Severity.Error, "A digest follows '@', not ':' (name@sha256:<hex>).", "timberio/vector:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
        new(DigestBeforeTag, "Digest before tag", Severity.Error, "The tag comes before the digest: name:tag@sha256:<hex>.", "app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef:v1"),
        new(DigestMissingAlgorithm, "Digest without algorithm", Severity.Error, "A digest is algorithm:hex; the 'sha256:' prefix is missing.", "ouruser/sinatra@0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
        new(EmptyDigest, "Empty digest", Severity.Error, "An '@' with no digest after it.", "nginx@"),
        new(DigestLength, "Wrong digest length", Severity.Error, "sha256 digests have 64 hex characters, sha384 96, sha512 128 (usually a truncated copy).", "repo@sha256:ffffffffffffffffffffffffffffffffff"),
        new(DigestFormat, "Malformed digest", Severity.Error, "The hex part of a digest must be lowercase 0-9a-f, and the algorithm lowercase.", "nginx@sha256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"),
        new(DigestUnsupportedAlgorithm, "Unsupported digest algorithm", Severity.Error, "Only sha256, sha384 and sha512 are known to the engines.", "nginx@md5:0123456789abcdef0123456789abcdef"),
        new(PortNotNumeric, "Registry port not numeric", Severity.Error, "After the registry host, ':' must be followed by a port number.", "foo.com:http/bar"),
        new(InvalidRegistryHost, "Invalid registry host", Severity.Error, "Host labels are letters, digits and '-', not starting or ending with '-', separated by single dots.", "-foo.com/x"),
        new(MalformedIpv6Host, "Malformed IPv6 registry", Severity.Error, "An IPv6 registry is [hex:colons] with an optional :port; zone IDs (%eth0) and embedded IPv4 are not allowed.", "[fe80::1%eth0]:5000/x"),
        new(InputTooLong, "Input too long", Severity.Error, "The input is longer than the configured maximum and was not parsed (protection against hostile input).", "<over 4096 characters>"),
        new(InvalidReference, "Invalid reference", Severity.Error, "The engines refuse the reference; the message carries their text.", "nginx@sha256:gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg"),
        new(TooManyProblems, "More problems not listed", Severity.Info, "At most 64 diagnostics are listed for one input; this one counts the rest.", "<a long run of invalid characters>"),
        new(TagAndDigest, "Tag and digest together", Severity.Warning, "With both, a pull uses the digest and ignores the tag; some tools reject the combination. Keep one.", "nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
        new(LooksLikeImageId, "Image ID read as a name", Severity.Warning, "sha256:<hex> alone parses as repository 'sha256' with the hex as tag; an image ID or digest was meant.", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
        new(ShortName, "Unqualified short name", Severity.Info, "Docker pulls short names from docker.io; Podman resolves them through registries.conf (search registries, aliases, short-name-mode), where another registry may serve a different image. A fully qualified name means the same everywhere.", "nginx:1.27"),
        new(HubNamespaceLooksLikeRegistry, "Registry read as a Docker Hub namespace", Severity.Warning, "A first component without '.' or ':' (and not localhost) is a Docker Hub namespace, not a registry: add the domain or port (registry.local:5000/myimage).", "registry/myimage"),
        new(RegistryUppercase, "Uppercase registry host", Severity.Warning, "Host names are case-insensitive, but Docker keeps the spelling, so the same registry under two spellings is two registries for credentials and mirrors.", "Docker.io/library/nginx"),
        new(EnginesDisagree, "Docker and Podman disagree", Severity.Warning, "Docker accepts the reference and Podman (containers/image) refuses it: IPv6 registries, an uppercase first component, or a name over 255 characters with its registry.", "[::1]:5000/app"),
        new(TagLooksFloatCoerced, "Tag looks float-coerced", Severity.Warning, "A valid tag in float notation (2.0240514E7) is almost always a number mangled by YAML or a spreadsheet.", "acme/app:2.0240514E7"),
        new(RegistryNeedsNamespace, "Registry needs an owner", Severity.Warning, "This registry keeps images under an owner or organisation (ghcr.io/<owner>/<image>).", "ghcr.io/myapp:v1"),
        new(LooksLikeSubcommand, "Name looks like a subcommand", Severity.Warning, "The image name is a container CLI subcommand: the command line probably has an extra word or a missing argument.", "pull"),
        new(RegistryReadAsPath, "First component is no host", Severity.Warning, "The first component has a '.' but is not a valid host name, so Docker reads the whole name as a path with no registry.", "foo_bar.com/x"),
    ];
}
