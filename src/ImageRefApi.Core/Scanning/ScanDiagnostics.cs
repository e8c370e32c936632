using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Scanning;

/// <summary>The codes the file scanner emits, with their catalog entries.</summary>
public static class ScanDiagnostics
{
    /// <summary>A variable used in a reference has no value in the file.</summary>
    public const string UnresolvedVariable = "SCAN_UNRESOLVED_VARIABLE";

    /// <summary>The judge found the reference invalid but gave no error diagnostic of its own.</summary>
    public const string InvalidReference = "SCAN_INVALID_REFERENCE";

    /// <summary>Auto detection could not tell what kind of file this is.</summary>
    public const string UnknownKind = "SCAN_UNKNOWN_KIND";

    /// <summary>The Dockerfile cannot be parsed by BuildKit.</summary>
    public const string DockerfileSyntax = "DOCKERFILE_SYNTAX";

    /// <summary>The Dockerfile has no FROM instruction.</summary>
    public const string DockerfileNoStages = "DOCKERFILE_NO_STAGES";

    /// <summary>FROM takes one or three arguments.</summary>
    public const string DockerfileFromArguments = "DOCKERFILE_FROM_ARGUMENTS";

    /// <summary>A stage name BuildKit refuses.</summary>
    public const string DockerfileInvalidStageName = "DOCKERFILE_INVALID_STAGE_NAME";

    /// <summary>A stage name with uppercase letters.</summary>
    public const string DockerfileStageNameCasing = "DOCKERFILE_STAGE_NAME_CASING";

    /// <summary>Two stages with the same name (case-insensitive).</summary>
    public const string DockerfileDuplicateStageName = "DOCKERFILE_DUPLICATE_STAGE_NAME";

    /// <summary>A stage named <c>scratch</c> or <c>context</c>.</summary>
    public const string DockerfileReservedStageName = "DOCKERFILE_RESERVED_STAGE_NAME";

    /// <summary>A stage referenced with different letter case than it was declared.</summary>
    public const string DockerfileStageReferenceCasing = "DOCKERFILE_STAGE_REFERENCE_CASING";

    /// <summary>A FROM whose image expands to nothing.</summary>
    public const string DockerfileBlankBaseName = "DOCKERFILE_BLANK_BASE_NAME";

    /// <summary>FROM --platform with a constant value.</summary>
    public const string DockerfileConstantPlatform = "DOCKERFILE_CONSTANT_PLATFORM";

    /// <summary>A heredoc that reaches the end of the file without its delimiter.</summary>
    public const string DockerfileUnterminatedHeredoc = "DOCKERFILE_UNTERMINATED_HEREDOC";

    /// <summary>The YAML cannot be parsed.</summary>
    public const string YamlSyntax = "YAML_SYNTAX";

    /// <summary>A Compose value with a <c>$</c> that is not a valid interpolation.</summary>
    public const string ComposeInvalidInterpolation = "COMPOSE_INVALID_INTERPOLATION";

    /// <summary>The catalog entries for every code above.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } =
    [
        new(UnresolvedVariable, "Unresolvable variable", Severity.Warning,
            "A reference uses a variable that has no value in the file (an undeclared ARG, an ARG without a default, a BuildKit platform argument, or a Compose variable without a default). The reference is reported with resolved = null and is not judged; pass the value explicitly or add a default.",
            "FROM node:${NODE_VERSION}"),
        new(InvalidReference, "Invalid image reference", Severity.Error,
            "The resolved reference is refused by Docker. Emitted only when the judge returned no error diagnostic of its own, so that an invalid reference is never silent.",
            "image: Nginx:latest"),
        new(UnknownKind, "Unknown file kind", Severity.Error,
            "Auto detection found neither a Dockerfile (FROM/ARG), a Compose file (services) nor a Kubernetes manifest (apiVersion and kind). Give the kind explicitly.",
            "hello: world"),
        new(DockerfileSyntax, "Dockerfile syntax error", Severity.Error,
            "BuildKit cannot parse the Dockerfile: an unknown instruction, an instruction before the first FROM, or a bad parser directive. The message is BuildKit's.",
            "FORM alpine"),
        new(DockerfileNoStages, "No build stage", Severity.Error,
            "The Dockerfile has no FROM instruction, so BuildKit has nothing to build.",
            "RUN echo hi"),
        new(DockerfileFromArguments, "Wrong number of FROM arguments", Severity.Error,
            "FROM takes an image, optionally followed by AS and a stage name: one or three words after the flags.",
            "FROM alpine builder"),
        new(DockerfileInvalidStageName, "Invalid stage name", Severity.Error,
            "Stage names must match ^[a-z][a-z0-9-_.]*$ after lowercasing.",
            "FROM alpine AS 1st"),
        new(DockerfileStageNameCasing, "Stage name not lowercase", Severity.Warning,
            "BuildKit lowercases stage names; write them lowercase (BuildKit check StageNameCasing).",
            "FROM alpine AS Builder"),
        new(DockerfileDuplicateStageName, "Duplicate stage name", Severity.Error,
            "Two stages have the same name, compared case-insensitively (BuildKit check DuplicateStageName).",
            "FROM alpine AS build\nFROM debian AS BUILD"),
        new(DockerfileReservedStageName, "Reserved stage name", Severity.Error,
            "scratch and context are reserved and cannot name a stage (BuildKit check ReservedStageName).",
            "FROM alpine AS scratch"),
        new(DockerfileStageReferenceCasing, "Stage referenced with other casing", Severity.Warning,
            "A FROM or COPY --from names an earlier stage with different letter case than its declaration; BuildKit matches it case-insensitively.",
            "FROM golang AS build\nFROM BUILD"),
        new(DockerfileBlankBaseName, "Blank base name", Severity.Error,
            "The image of a FROM expands to an empty string; BuildKit stops with \"base name (…) should not be blank\".",
            "ARG BASE=\nFROM ${BASE}"),
        new(DockerfileConstantPlatform, "Constant FROM --platform", Severity.Warning,
            "FROM --platform with a constant value forces one platform for every build; use $BUILDPLATFORM or $TARGETPLATFORM (BuildKit check FromPlatformFlagConstDisallowed).",
            "FROM --platform=linux/amd64 alpine"),
        new(DockerfileUnterminatedHeredoc, "Unterminated heredoc", Severity.Warning,
            "A heredoc runs to the end of the file without its closing delimiter line.",
            "RUN <<EOF\necho hi"),
        new(YamlSyntax, "YAML syntax error", Severity.Error,
            "The YAML cannot be parsed; the location is where the parser stopped. References before that point are still reported.",
            "services: [web"),
        new(ComposeInvalidInterpolation, "Invalid Compose interpolation", Severity.Error,
            "A $ that does not start a valid ${VAR}, $VAR or $$; Compose refuses the file with \"Invalid template\".",
            "image: nginx:${}"),
    ];
}
