namespace ImageRefApi.Core.Resolution;

/// <summary>A registry call that gave no usable answer; carries the diagnostic code to report. Never cached.</summary>
internal sealed class RegistryFailure : Exception
{
    public RegistryFailure(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    public RegistryFailure()
    {
        Code = ResolutionDiagnostics.RegistryError;
    }

    public RegistryFailure(string message)
        : base(message)
    {
        Code = ResolutionDiagnostics.RegistryError;
    }

    public RegistryFailure(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ResolutionDiagnostics.RegistryError;
    }

    public string Code { get; }
}
