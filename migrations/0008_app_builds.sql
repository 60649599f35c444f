CREATE TABLE "app_blobs" (
	"workspace_id" uuid NOT NULL,
	"hash" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_blobs_workspace_id_hash_pk" PRIMARY KEY("workspace_id","hash"),
	CONSTRAINT "app_blobs_hash_check" CHECK (hash ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "app_blobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "app_builds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"app_id" uuid NOT NULL,
	"run_id" uuid,
	"snapshot_id" uuid,
	"status" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"artifacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"typecheck_ms" integer DEFAULT 0 NOT NULL,
	"build_ms" integer DEFAULT 0 NOT NULL,
	"total_ms" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_builds_workspace_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "app_builds_status_check" CHECK (status in ('succeeded', 'failed')),
	CONSTRAINT "app_builds_snapshot_check" CHECK ((status = 'succeeded') = (snapshot_id is not null))
);
--> statement-breakpoint
ALTER TABLE "app_builds" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "app_snapshots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"app_id" uuid NOT NULL,
	"run_id" uuid,
	"files" jsonb NOT NULL,
	"file_count" integer NOT NULL,
	"total_bytes" integer NOT NULL,
	"source_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_snapshots_workspace_id_key" UNIQUE("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "app_snapshots" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "app_blobs" ADD CONSTRAINT "app_blobs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_builds" ADD CONSTRAINT "app_builds_app_fk" FOREIGN KEY ("workspace_id","app_id") REFERENCES "public"."apps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_builds" ADD CONSTRAINT "app_builds_snapshot_fk" FOREIGN KEY ("workspace_id","snapshot_id") REFERENCES "public"."app_snapshots"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_snapshots" ADD CONSTRAINT "app_snapshots_app_fk" FOREIGN KEY ("workspace_id","app_id") REFERENCES "public"."apps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "app_builds_app_idx" ON "app_builds" USING btree ("workspace_id","app_id","created_at");--> statement-breakpoint
CREATE INDEX "app_snapshots_app_idx" ON "app_snapshots" USING btree ("workspace_id","app_id","created_at");--> statement-breakpoint
CREATE POLICY "app_blobs_tenant" ON "app_blobs" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "app_builds_tenant" ON "app_builds" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "app_snapshots_tenant" ON "app_snapshots" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);