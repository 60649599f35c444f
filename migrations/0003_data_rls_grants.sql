ALTER TABLE apps FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE app_documents FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE app_changes FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON apps, app_documents TO second_app;--> statement-breakpoint
-- Readers trust txid (and the identity seq) to decide what has finished, so writers may not set
-- them: the runtime role can insert only the descriptive columns. Cheaper than a trigger.
GRANT SELECT ON app_changes TO second_app;--> statement-breakpoint
GRANT INSERT (workspace_id, app_id, scope, collection, doc_id, op, version) ON app_changes TO second_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO second_app;
