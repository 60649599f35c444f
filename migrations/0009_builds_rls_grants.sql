ALTER TABLE app_blobs FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE app_snapshots FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE app_builds FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- Blobs, snapshots and builds are immutable records: written once, read many times, removed
-- only with their app or workspace.
GRANT SELECT, INSERT ON app_blobs TO second_app;--> statement-breakpoint
GRANT SELECT, INSERT ON app_snapshots TO second_app;--> statement-breakpoint
GRANT SELECT, INSERT ON app_builds TO second_app;
