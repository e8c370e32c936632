var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.Run();

/// <summary>The web host's entry point, public for WebApplicationFactory.</summary>
public partial class Program;
