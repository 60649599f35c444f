CREATE TABLE "app_agent_runs" (
	"workspace_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"app_id" uuid NOT NULL,
	"agent_id" text NOT NULL,
	"agent_name" text NOT NULL,
	"scope" text NOT NULL,
	"trigger" jsonb NOT NULL,
	"input" jsonb NOT NULL,
	"approved_hash" text NOT NULL,
	"approval_mode" text NOT NULL,
	"result" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_agent_runs_pkey" PRIMARY KEY("workspace_id","run_id"),
	CONSTRAINT "app_agent_runs_scope_check" CHECK (scope in ('draft', 'published')),
	CONSTRAINT "app_agent_runs_mode_check" CHECK (approval_mode in ('live', 'mock'))
);
--> statement-breakpoint
ALTER TABLE "app_agent_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "app_agent_runs" ADD CONSTRAINT "app_agent_runs_run_fk" FOREIGN KEY ("workspace_id","run_id") REFERENCES "public"."agent_runs"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_agent_runs" ADD CONSTRAINT "app_agent_runs_app_fk" FOREIGN KEY ("workspace_id","app_id") REFERENCES "public"."apps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "app_agent_runs_agent_idx" ON "app_agent_runs" USING btree ("workspace_id","app_id","agent_id","created_at");--> statement-breakpoint
CREATE INDEX "app_agent_runs_app_idx" ON "app_agent_runs" USING btree ("workspace_id","app_id","created_at");--> statement-breakpoint
CREATE INDEX "agent_runs_running_idx" ON "agent_runs" USING btree ("workspace_id","kind") WHERE status = 'running';--> statement-breakpoint
CREATE POLICY "app_agent_runs_tenant" ON "app_agent_runs" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE app_agent_runs FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON app_agent_runs TO second_app;
