CREATE TABLE "app_collection_indexes" (
	"workspace_id" uuid NOT NULL,
	"app_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"collection" text NOT NULL,
	"field" text NOT NULL,
	"state" text DEFAULT 'filling' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_collection_indexes_pk" PRIMARY KEY("workspace_id","app_id","scope","collection","field"),
	CONSTRAINT "app_collection_indexes_state_check" CHECK (state in ('filling', 'ready'))
);
--> statement-breakpoint
ALTER TABLE "app_collection_indexes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "app_document_keys" (
	"workspace_id" uuid NOT NULL,
	"app_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"collection" text NOT NULL,
	"field" text NOT NULL,
	"value" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"doc_id" text NOT NULL,
	CONSTRAINT "app_document_keys_pk" PRIMARY KEY("workspace_id","app_id","scope","collection","field","value","created_at","doc_id")
);
--> statement-breakpoint
ALTER TABLE "app_document_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "app_collection_indexes" ADD CONSTRAINT "app_collection_indexes_app_fk" FOREIGN KEY ("workspace_id","app_id") REFERENCES "public"."apps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_document_keys" ADD CONSTRAINT "app_document_keys_app_fk" FOREIGN KEY ("workspace_id","app_id") REFERENCES "public"."apps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "app_collection_indexes_tenant" ON "app_collection_indexes" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "app_document_keys_tenant" ON "app_document_keys" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE app_collection_indexes FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE app_document_keys FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON app_collection_indexes, app_document_keys TO second_app;--> statement-breakpoint
-- A declared field's key: its JSON value (missing reads as null), a long one cut to a prefix so a
-- key always fits a btree entry. Equality reads recheck the document itself.
CREATE FUNCTION app_index_key(v jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN v IS NULL THEN 'null'::jsonb
    WHEN jsonb_typeof(v) = 'string' AND octet_length(v #>> '{}') > 512 THEN to_jsonb(left(v #>> '{}', 256))
    WHEN jsonb_typeof(v) IN ('object', 'array') AND octet_length(v::text) > 512 THEN to_jsonb(left(v::text, 256))
    ELSE v
  END
$$;
