using Microsoft.EntityFrameworkCore;

namespace Leviathan.Persistence.Database;

/// <summary>
/// The trace store's schema. Table and column names are snake_case and spelled out here, because the
/// hand-written migrations and the raw append path name them too.
/// </summary>
internal sealed class TraceDbContext(DbContextOptions<TraceDbContext> options) : DbContext(options)
{
    public DbSet<RunEntity> Runs => Set<RunEntity>();

    public DbSet<EventEntity> Events => Set<EventEntity>();

    public DbSet<ArtifactEntity> Artifacts => Set<ArtifactEntity>();

    public DbSet<PlanItemEntity> PlanItems => Set<PlanItemEntity>();

    public DbSet<PlanItemChangeEntity> PlanItemChanges => Set<PlanItemChangeEntity>();

    public DbSet<EvaluationEntity> Evaluations => Set<EvaluationEntity>();

    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();

    public DbSet<JobEntity> Jobs => Set<JobEntity>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Ids as canonical lowercase text: readable with any SQL client and identical on every provider.
        configurationBuilder.Properties<Guid>().HaveConversion<string>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RunEntity>(run =>
        {
            run.ToTable("runs");
            run.HasKey(r => r.Id);
            run.Property(r => r.Id).HasColumnName("id");
            run.Property(r => r.Goal).HasColumnName("goal");
            run.Property(r => r.Team).HasColumnName("team");
            run.Property(r => r.ModelProfile).HasColumnName("model_profile");
            run.Property(r => r.Workspace).HasColumnName("workspace");
            run.Property(r => r.Status).HasColumnName("status");
            run.Property(r => r.Reason).HasColumnName("reason");
            run.Property(r => r.BudgetTokens).HasColumnName("budget_tokens");
            run.Property(r => r.BudgetCostUsd).HasColumnName("budget_cost_usd");
            run.Property(r => r.BudgetSteps).HasColumnName("budget_steps");
            run.Property(r => r.BudgetWallMs).HasColumnName("budget_wall_ms");
            run.Property(r => r.TokensIn).HasColumnName("tokens_in");
            run.Property(r => r.TokensOut).HasColumnName("tokens_out");
            run.Property(r => r.CostUsd).HasColumnName("cost_usd");
            run.Property(r => r.Steps).HasColumnName("steps");
            run.Property(r => r.WallMs).HasColumnName("wall_ms");
            run.Property(r => r.CreatedAt).HasColumnName("created_at");
            run.Property(r => r.StartedAt).HasColumnName("started_at");
            run.Property(r => r.EndedAt).HasColumnName("ended_at");
            run.Property(r => r.ParentRunId).HasColumnName("parent_run_id");
            run.Property(r => r.PromptVersions).HasColumnName("prompt_versions");
            run.Property(r => r.OwnerHost).HasColumnName("owner_host");
            run.Property(r => r.OwnerPid).HasColumnName("owner_pid");
            run.Property(r => r.OwnerStart).HasColumnName("owner_start");
            run.Property(r => r.EvaluationId).HasColumnName("evaluation_id");
            run.Property(r => r.EvaluationItem).HasColumnName("evaluation_item");
            run.Property(r => r.EvaluationJudged).HasColumnName("evaluation_judged");
            run.Property(r => r.EvaluationCategory).HasColumnName("evaluation_category");
            run.Property(r => r.EvaluationJudgeSummary).HasColumnName("evaluation_judge_summary");
            run.HasIndex(r => r.EvaluationId).HasDatabaseName("ix_runs_evaluation_id");
            run.HasIndex(r => r.CreatedAt).HasDatabaseName("ix_runs_created_at");
            run.HasIndex(r => r.Status).HasDatabaseName("ix_runs_status");
        });

        modelBuilder.Entity<EvaluationEntity>(evaluation =>
        {
            evaluation.ToTable("evaluations");
            evaluation.HasKey(e => e.Id);
            evaluation.Property(e => e.Id).HasColumnName("id");
            evaluation.Property(e => e.SuiteId).HasColumnName("suite_id");
            evaluation.Property(e => e.SuitePath).HasColumnName("suite_path");
            evaluation.Property(e => e.OutDir).HasColumnName("out_dir");
            evaluation.Property(e => e.Configurations).HasColumnName("configurations");
            evaluation.Property(e => e.Repeats).HasColumnName("repeats");
            evaluation.Property(e => e.TaskCount).HasColumnName("task_count");
            evaluation.Property(e => e.Status).HasColumnName("status");
            evaluation.Property(e => e.RunCount).HasColumnName("run_count");
            evaluation.Property(e => e.Succeeded).HasColumnName("succeeded");
            evaluation.Property(e => e.CostUsd).HasColumnName("cost_usd");
            evaluation.Property(e => e.CreatedAt).HasColumnName("created_at");
            evaluation.Property(e => e.EndedAt).HasColumnName("ended_at");
            evaluation.HasIndex(e => e.CreatedAt).HasDatabaseName("ix_evaluations_created_at");
        });

        modelBuilder.Entity<EventEntity>(evt =>
        {
            evt.ToTable("events");
            evt.HasKey(e => e.Id);
            evt.Property(e => e.Id).HasColumnName("id");
            evt.Property(e => e.RunId).HasColumnName("run_id");
            evt.Property(e => e.Seq).HasColumnName("seq");
            evt.Property(e => e.ParentId).HasColumnName("parent_id");
            evt.Property(e => e.Kind).HasColumnName("kind");
            evt.Property(e => e.Role).HasColumnName("role");
            evt.Property(e => e.Payload).HasColumnName("payload");
            evt.Property(e => e.Ts).HasColumnName("ts");
            evt.Property(e => e.DurationUs).HasColumnName("duration_us");
            evt.HasIndex(e => new { e.RunId, e.Seq }).IsUnique().HasDatabaseName("ux_events_run_seq");
            evt.HasOne<RunEntity>().WithMany().HasForeignKey(e => e.RunId).HasConstraintName("fk_events_runs").OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ArtifactEntity>(artifact =>
        {
            artifact.ToTable("artifacts");
            artifact.HasKey(a => a.Id);
            artifact.Property(a => a.Id).HasColumnName("id");
            artifact.Property(a => a.RunId).HasColumnName("run_id");
            artifact.Property(a => a.EventId).HasColumnName("event_id");
            artifact.Property(a => a.Sha256).HasColumnName("sha256");
            artifact.Property(a => a.Size).HasColumnName("size");
            artifact.Property(a => a.MediaType).HasColumnName("media_type");
            artifact.Property(a => a.Path).HasColumnName("path");
            artifact.Property(a => a.CreatedAt).HasColumnName("created_at");
            artifact.HasIndex(a => a.RunId).HasDatabaseName("ix_artifacts_run_id");
            artifact.HasIndex(a => a.Sha256).HasDatabaseName("ix_artifacts_sha256");
            artifact.HasOne<RunEntity>().WithMany().HasForeignKey(a => a.RunId).HasConstraintName("fk_artifacts_runs").OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PlanItemEntity>(item =>
        {
            item.ToTable("plan_items");
            item.HasKey(p => new { p.RunId, p.ItemId });
            item.Property(p => p.RunId).HasColumnName("run_id");
            item.Property(p => p.ItemId).HasColumnName("item_id");
            item.Property(p => p.Position).HasColumnName("position");
            item.Property(p => p.Text).HasColumnName("text");
            item.Property(p => p.Status).HasColumnName("status");
            item.Property(p => p.UpdatedAt).HasColumnName("updated_at");
            item.HasOne<RunEntity>().WithMany().HasForeignKey(p => p.RunId).HasConstraintName("fk_plan_items_runs").OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PlanItemChangeEntity>(change =>
        {
            change.ToTable("plan_item_changes");
            change.HasKey(c => c.Id);
            change.Property(c => c.Id).HasColumnName("id");
            change.Property(c => c.RunId).HasColumnName("run_id");
            change.Property(c => c.ItemId).HasColumnName("item_id");
            change.Property(c => c.Text).HasColumnName("text");
            change.Property(c => c.Status).HasColumnName("status");
            change.Property(c => c.At).HasColumnName("at");
            change.Property(c => c.EventSeq).HasColumnName("event_seq");
            change.HasIndex(c => new { c.RunId, c.At }).HasDatabaseName("ix_plan_item_changes_run_at");
            change.HasOne<RunEntity>().WithMany().HasForeignKey(c => c.RunId).HasConstraintName("fk_plan_item_changes_runs").OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ApiKeyEntity>(key =>
        {
            key.ToTable("api_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasColumnName("id");
            key.Property(k => k.Name).HasColumnName("name");
            key.Property(k => k.Role).HasColumnName("role");
            key.Property(k => k.Hash).HasColumnName("hash");
            key.Property(k => k.Prefix).HasColumnName("prefix");
            key.Property(k => k.CreatedAt).HasColumnName("created_at");
            key.Property(k => k.RevokedAt).HasColumnName("revoked_at");
            key.HasIndex(k => k.Hash).IsUnique().HasDatabaseName("ux_api_keys_hash");
            key.HasIndex(k => k.Name).HasDatabaseName("ix_api_keys_name");
        });

        modelBuilder.Entity<JobEntity>(job =>
        {
            job.ToTable("jobs");
            job.HasKey(j => j.Id);
            job.Property(j => j.Id).HasColumnName("id");
            job.Property(j => j.Kind).HasColumnName("kind");
            job.Property(j => j.State).HasColumnName("state");
            job.Property(j => j.Payload).HasColumnName("payload");
            job.Property(j => j.KeyId).HasColumnName("key_id");
            job.Property(j => j.RunId).HasColumnName("run_id");
            job.Property(j => j.Attempts).HasColumnName("attempts");
            job.Property(j => j.MaxAttempts).HasColumnName("max_attempts");
            job.Property(j => j.LeaseOwner).HasColumnName("lease_owner");
            job.Property(j => j.LeaseExpiresAt).HasColumnName("lease_expires_at");
            job.Property(j => j.HeartbeatAt).HasColumnName("heartbeat_at");
            job.Property(j => j.CreatedAt).HasColumnName("created_at");
            job.Property(j => j.StartedAt).HasColumnName("started_at");
            job.Property(j => j.EndedAt).HasColumnName("ended_at");
            job.Property(j => j.Outcome).HasColumnName("outcome");
            job.Property(j => j.Reason).HasColumnName("reason");
            job.HasIndex(j => new { j.State, j.CreatedAt }).HasDatabaseName("ix_jobs_state_created_at");
            job.HasIndex(j => new { j.KeyId, j.State }).HasDatabaseName("ix_jobs_key_id_state");
            job.Property(j => j.CancelRequestedAt).HasColumnName("cancel_requested_at");
            job.HasIndex(j => j.RunId).HasDatabaseName("ix_jobs_run_id");
            job.Property(j => j.Result).HasColumnName("result");
        });
    }
}
