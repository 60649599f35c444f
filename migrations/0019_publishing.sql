CREATE TABLE "app_collaborators" (
	"workspace_id" uuid NOT NULL,
	"app_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"added_by" uuid,
	"added_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_collaborators_pkey" PRIMARY KEY("workspace_id","app_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "app_collaborators" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "app_reviews" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"app_id" uuid NOT NULL,
	"build_id" uuid NOT NULL,
	"snapshot_id" uuid NOT NULL,
	"source_hash" text NOT NULL,
	"agents_hash" text,
	"team_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid,
	"requested_by_name" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"message" text,
	"version_id" uuid,
	CONSTRAINT "app_reviews_pkey" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "app_reviews_status_check" CHECK (status in ('pending', 'approved', 'changes_requested', 'superseded', 'withdrawn'))
);
--> statement-breakpoint
ALTER TABLE "app_reviews" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "app_teams" (
	"workspace_id" uuid NOT NULL,
	"app_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_teams_pkey" PRIMARY KEY("workspace_id","app_id","team_id")
);
--> statement-breakpoint
ALTER TABLE "app_teams" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "app_versions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"app_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"build_id" uuid NOT NULL,
	"snapshot_id" uuid NOT NULL,
	"source_hash" text NOT NULL,
	"agents_hash" text,
	"agents_payload" jsonb,
	"agents_mode" text,
	"collections" jsonb,
	"team_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"review_id" uuid,
	"restored_from" integer,
	"published_by" uuid,
	"published_by_name" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_versions_pkey" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "app_versions_number_check" CHECK (number >= 1),
	CONSTRAINT "app_versions_agents_mode_check" CHECK (agents_mode is null or agents_mode in ('live', 'mock'))
);
--> statement-breakpoint
ALTER TABLE "app_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "apps" ADD COLUMN "published_version_id" uuid;--> statement-breakpoint
ALTER TABLE "app_collaborators" ADD CONSTRAINT "app_collaborators_app_fk" FOREIGN KEY ("workspace_id","app_id") REFERENCES "public"."apps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_collaborators" ADD CONSTRAINT "app_collaborators_membership_fk" FOREIGN KEY ("workspace_id","user_id") REFERENCES "public"."memberships"("workspace_id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_reviews" ADD CONSTRAINT "app_reviews_app_fk" FOREIGN KEY ("workspace_id","app_id") REFERENCES "public"."apps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_teams" ADD CONSTRAINT "app_teams_app_fk" FOREIGN KEY ("workspace_id","app_id") REFERENCES "public"."apps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_teams" ADD CONSTRAINT "app_teams_team_fk" FOREIGN KEY ("workspace_id","team_id") REFERENCES "public"."teams"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_versions" ADD CONSTRAINT "app_versions_app_fk" FOREIGN KEY ("workspace_id","app_id") REFERENCES "public"."apps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "app_collaborators_user_idx" ON "app_collaborators" USING btree ("workspace_id","user_id");--> statement-breakpoint
CREATE INDEX "app_reviews_app_idx" ON "app_reviews" USING btree ("workspace_id","app_id","requested_at");--> statement-breakpoint
CREATE INDEX "app_reviews_status_idx" ON "app_reviews" USING btree ("workspace_id","status","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "app_reviews_one_pending_idx" ON "app_reviews" USING btree ("workspace_id","app_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "app_teams_team_idx" ON "app_teams" USING btree ("workspace_id","team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "app_versions_number_idx" ON "app_versions" USING btree ("workspace_id","app_id","number");--> statement-breakpoint
CREATE POLICY "app_collaborators_tenant" ON "app_collaborators" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "app_reviews_tenant" ON "app_reviews" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "app_teams_tenant" ON "app_teams" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "app_versions_tenant" ON "app_versions" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE app_collaborators FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE app_teams FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE app_reviews FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE app_versions FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- Collaborators and target teams come and go; reviews change status but are never deleted, and
-- versions are immutable (both go only with their app).
GRANT SELECT, INSERT, DELETE ON app_collaborators TO second_app;--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON app_teams TO second_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON app_reviews TO second_app;--> statement-breakpoint
GRANT SELECT, INSERT ON app_versions TO second_app;
