CREATE TABLE "app_collection_counts" (
	"workspace_id" uuid NOT NULL,
	"app_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"collection" text NOT NULL,
	"shard" smallint NOT NULL,
	"documents" integer NOT NULL,
	CONSTRAINT "app_collection_counts_workspace_id_app_id_scope_collection_shard_pk" PRIMARY KEY("workspace_id","app_id","scope","collection","shard")
);
--> statement-breakpoint
ALTER TABLE "app_collection_counts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP INDEX "audit_events_ws_category_idx";--> statement-breakpoint
DROP INDEX "audit_events_ws_actor_idx";--> statement-breakpoint
DROP INDEX "audit_events_ws_target_idx";--> statement-breakpoint
ALTER TABLE "app_collection_counts" ADD CONSTRAINT "app_collection_counts_app_fk" FOREIGN KEY ("workspace_id","app_id") REFERENCES "public"."apps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "app_collection_counts_tenant" ON "app_collection_counts" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);