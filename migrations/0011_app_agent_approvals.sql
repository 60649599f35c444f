CREATE TABLE "app_agent_approvals" (
	"workspace_id" uuid NOT NULL,
	"app_id" uuid NOT NULL,
	"hash" text NOT NULL,
	"payload" jsonb NOT NULL,
	"mode" text NOT NULL,
	"source" text NOT NULL,
	"approved_by" uuid NOT NULL,
	"approved_by_name" text NOT NULL,
	"approved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stale_hash" text,
	"stale_at" timestamp with time zone,
	CONSTRAINT "app_agent_approvals_pkey" PRIMARY KEY("workspace_id","app_id"),
	CONSTRAINT "app_agent_approvals_mode_check" CHECK (mode in ('live', 'mock'))
);
--> statement-breakpoint
ALTER TABLE "app_agent_approvals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "app_agent_approvals" ADD CONSTRAINT "app_agent_approvals_app_fk" FOREIGN KEY ("workspace_id","app_id") REFERENCES "public"."apps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "app_agent_approvals_tenant" ON "app_agent_approvals" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);