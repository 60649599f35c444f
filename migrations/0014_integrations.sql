CREATE TABLE "integration_grants" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"app_id" uuid NOT NULL,
	"service" text NOT NULL,
	"domain" text NOT NULL,
	"key_slug" text NOT NULL,
	"auth_kind" text NOT NULL,
	"access" text NOT NULL,
	"permission_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"secret_names" text[] DEFAULT '{}'::text[] NOT NULL,
	"setup_steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_grants_pkey" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "integration_grants_app_key" UNIQUE("workspace_id","app_id","domain","key_slug"),
	CONSTRAINT "integration_grants_auth_kind_check" CHECK (auth_kind in ('none', 'static', 'oauth2')),
	CONSTRAINT "integration_grants_access_check" CHECK (access in ('read', 'write'))
);
--> statement-breakpoint
ALTER TABLE "integration_grants" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "integration_secrets" (
	"workspace_id" uuid NOT NULL,
	"grant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"ciphertext" text NOT NULL,
	"updated_by" uuid,
	"updated_by_name" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_secrets_pkey" PRIMARY KEY("workspace_id","grant_id","name")
);
--> statement-breakpoint
ALTER TABLE "integration_secrets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "workspace_data_keys" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"master_key_id" text NOT NULL,
	"wrapped_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rewrapped_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "workspace_data_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "integration_grants" ADD CONSTRAINT "integration_grants_app_fk" FOREIGN KEY ("workspace_id","app_id") REFERENCES "public"."apps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_secrets" ADD CONSTRAINT "integration_secrets_grant_fk" FOREIGN KEY ("workspace_id","grant_id") REFERENCES "public"."integration_grants"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_data_keys" ADD CONSTRAINT "workspace_data_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "integration_grants_tenant" ON "integration_grants" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "integration_secrets_tenant" ON "integration_secrets" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "workspace_data_keys_tenant" ON "workspace_data_keys" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);