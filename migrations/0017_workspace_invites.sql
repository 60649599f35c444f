CREATE TABLE "workspace_invites" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"role" "workspace_role" NOT NULL,
	"team_id" uuid,
	"max_uses" integer NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_invites_pkey" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "workspace_invites_token_hash_key" UNIQUE("token_hash"),
	CONSTRAINT "workspace_invites_role_check" CHECK (role in ('member', 'admin')),
	CONSTRAINT "workspace_invites_uses_check" CHECK (uses >= 0 and uses <= max_uses),
	CONSTRAINT "workspace_invites_max_uses_check" CHECK (max_uses between 1 and 1000)
);
--> statement-breakpoint
ALTER TABLE "workspace_invites" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "workspace_invites" ADD CONSTRAINT "workspace_invites_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_invites" ADD CONSTRAINT "workspace_invites_team_fk" FOREIGN KEY ("workspace_id","team_id") REFERENCES "public"."teams"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workspace_invites_workspace_created_idx" ON "workspace_invites" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE POLICY "workspace_invites_tenant" ON "workspace_invites" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE workspace_invites FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- Invites are revoked, never deleted (except with their workspace or team); the token is stored
-- only as a hash.
GRANT SELECT, INSERT, UPDATE ON workspace_invites TO second_app;
