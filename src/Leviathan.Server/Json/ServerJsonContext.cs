using System.Text.Json;
using System.Text.Json.Serialization;
using Leviathan.Server.Health;
using Leviathan.Server.Keys;
using Leviathan.Server.Physics;
using Leviathan.Server.Runs;

namespace Leviathan.Server.Json;

/// <summary>Every wire type, snake_case like the CLI's --json and the trace format; unknown input fields are refused.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(RunResource))]
[JsonSerializable(typeof(RunPage))]
[JsonSerializable(typeof(EventResource))]
[JsonSerializable(typeof(EventPage))]
[JsonSerializable(typeof(PlanResource))]
[JsonSerializable(typeof(ArtifactList))]
[JsonSerializable(typeof(KeyResource))]
[JsonSerializable(typeof(KeyList))]
[JsonSerializable(typeof(CreatedKeyResource))]
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(Leviathan.Server.Backups.BackupResource))]
[JsonSerializable(typeof(Leviathan.Server.Backups.BackupList))]
[JsonSerializable(typeof(ValidateModelRequest))]
[JsonSerializable(typeof(ModelValidationResource))]
[JsonSerializable(typeof(HealthResource))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Leviathan.Server.Jobs.SoftwareRunPayload))]
[JsonSerializable(typeof(Leviathan.Server.Jobs.CreateRunRequest))]
[JsonSerializable(typeof(Leviathan.Server.Jobs.JobResource))]
[JsonSerializable(typeof(Leviathan.Server.Workspaces.GitWorkspaceRequest))]
[JsonSerializable(typeof(Leviathan.Server.Workspaces.WorkspaceResource))]
[JsonSerializable(typeof(Leviathan.Server.Jobs.PhysicsAttemptPayload))]
[JsonSerializable(typeof(Leviathan.Server.Jobs.GenerationPayload))]
[JsonSerializable(typeof(Leviathan.Server.Jobs.EvaluationPayload))]
[JsonSerializable(typeof(Leviathan.Server.Evaluations.CreateEvaluationRequest))]
[JsonSerializable(typeof(Leviathan.Server.Evaluations.EvaluationResource))]
[JsonSerializable(typeof(Leviathan.Server.Evaluations.EvaluationResults))]
[JsonSerializable(typeof(Leviathan.Server.Evaluations.EvaluationPage))]
[JsonSerializable(typeof(Leviathan.Evaluation.Reports.EvaluationSummaryJson))]
[JsonSerializable(typeof(CreatePhysicsAttemptRequest))]
[JsonSerializable(typeof(Leviathan.Server.Generations.CreateGenerationRequest))]
[JsonSerializable(typeof(Leviathan.Server.Generations.GenerationResource))]
[JsonSerializable(typeof(Leviathan.Server.Generations.GenerationCandidateResource))]
[JsonSerializable(typeof(Leviathan.Server.Generations.GenerationResumeResource))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
