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
	"value" text COLLATE "C" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"doc_id" text NOT NULL,
	CONSTRAINT "app_document_keys_pk" PRIMARY KEY("workspace_id","app_id","scope","collection","field","value","created_at","doc_id")
);
--> statement-breakpoint
ALTER TABLE "app_document_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP INDEX "app_documents_order_idx";--> statement-breakpoint
DROP INDEX "app_documents_updated_idx";--> statement-breakpoint
ALTER TABLE "app_documents" ADD COLUMN "doc_key" bigint GENERATED ALWAYS AS (hashtextextended(workspace_id::text || '/' || app_id::text || '/' || scope || '/' || collection, 0)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "app_collection_indexes" ADD CONSTRAINT "app_collection_indexes_app_fk" FOREIGN KEY ("workspace_id","app_id") REFERENCES "public"."apps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_document_keys" ADD CONSTRAINT "app_document_keys_app_fk" FOREIGN KEY ("workspace_id","app_id") REFERENCES "public"."apps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "app_documents_created_idx" ON "app_documents" USING btree ("doc_key","created_at","id");--> statement-breakpoint
CREATE INDEX "app_documents_updated_idx" ON "app_documents" USING btree ("doc_key","updated_at","id");--> statement-breakpoint
CREATE POLICY "app_collection_indexes_tenant" ON "app_collection_indexes" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "app_document_keys_tenant" ON "app_document_keys" AS PERMISSIVE FOR ALL TO public USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE app_collection_indexes FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE app_document_keys FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON app_collection_indexes, app_document_keys TO second_app;--> statement-breakpoint
-- A declared field's key, as text that sorts in JSON's order byte by byte (COLLATE "C"): a type
-- tag — 0 null or missing, 1 string, 2 number, 3 boolean, 4 array, 5 object — then the value:
-- a string's first 256 characters, a number's float8 bits made sortable, true/false, or the text
-- of an array or object cut to 256. Text, because its comparisons are leakproof and so stay index
-- conditions under row-level security (jsonb's are not). Equality reads recheck the document.
CREATE FUNCTION app_index_key(v jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE coalesce(jsonb_typeof(v), 'null')
    WHEN 'null' THEN '0'
    WHEN 'string' THEN '1' || left(v #>> '{}', 256)
    WHEN 'number' THEN '2' || lpad(to_hex((
      CASE WHEN substring(b from 1 for 1) = B'0' THEN b | B'1000000000000000000000000000000000000000000000000000000000000000'
      ELSE ~b END)::bigint), 16, '0')
    WHEN 'boolean' THEN CASE WHEN v #>> '{}' = 'true' THEN '3t' ELSE '3f' END
    WHEN 'array' THEN '4' || left(v::text, 256)
    ELSE '5' || left(v::text, 256)
  END
  FROM (SELECT ('x' || encode(float8send(CASE WHEN jsonb_typeof(v) = 'number'
    THEN least(greatest(v::numeric, -1e300), 1e300)::float8 ELSE 0 END), 'hex'))::bit(64) AS b) n
$$;
