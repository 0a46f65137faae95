namespace Leviathan.Server.OpenApi;

/// <summary>Marks a request body type: its schema forbids unknown properties, as the server does.</summary>
internal interface IRequestBody;
