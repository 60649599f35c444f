CREATE TABLE "integration_oauth_clients" (
	"workspace_id" uuid NOT NULL,
	"grant_id" uuid NOT NULL,
	"client_id" text NOT NULL,
	"client_secret_ciphertext" text NOT NULL,
	"authorization_endpoint" text NOT NULL,
	"token_endpoint" text NOT NULL,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_by" uuid,
	"updated_by_name" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_oauth_clients_pkey" PRIMARY KEY("workspace_id","grant_id")
);
--> statement-breakpoint
ALTER TABLE "integration_oauth_clients" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "integration_oauth_states" (
	"workspace_id" uuid NOT NULL,
	"state_hash" text NOT NULL,
	"grant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"verifier_ciphertext" text NOT NULL,
	"return_path" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_oauth_states_pkey" PRIMARY KEY("workspace_id","state_hash")
);
--> statement-breakpoint
ALTER TABLE "integration_oauth_states" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "integration_oauth_tokens" (
	"workspace_id" uuid NOT NULL,
	"grant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"access_ciphertext" text NOT NULL,
	"refresh_ciphertext" text,
	"expires_at" timestamp with time zone,
	"account_label" text,
	"connected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"refreshed_at" timestamp with time zone,
	CONSTRAINT "integration_oauth_tokens_pkey" PRIMARY KEY("workspace_id","grant_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "integration_oauth_tokens" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "integration_oauth_clients" ADD CONSTRAINT "integration_oauth_clients_grant_fk" FOREIGN KEY ("workspace_id","grant_id") REFERENCES "public"."integration_grants"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_oauth_states" ADD CONSTRAINT "integration_oauth_states_client_fk" FOREIGN KEY ("workspace_id","grant_id") REFERENCES "public"."integration_oauth_clients"("workspace_id","grant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_oauth_tokens" ADD CONSTRAINT "integration_oauth_tokens_client_fk" FOREIGN KEY ("workspace_id","grant_id") REFERENCES "public"."integration_oauth_clients"("workspace_id","grant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "integration_oauth_clients_tenant" ON "integration_oauth_clients" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "integration_oauth_states_tenant" ON "integration_oauth_states" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "integration_oauth_tokens_tenant" ON "integration_oauth_tokens" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE integration_oauth_clients FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE integration_oauth_states FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE integration_oauth_tokens FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON integration_oauth_clients TO second_app;--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON integration_oauth_states TO second_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON integration_oauth_tokens TO second_app;
