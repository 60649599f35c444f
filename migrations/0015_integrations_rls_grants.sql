ALTER TABLE workspace_data_keys FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE integration_grants FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE integration_secrets FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- A data key is created once and re-wrapped only by a master-key rotation; it is never deleted
-- except with its workspace.
GRANT SELECT, INSERT, UPDATE ON workspace_data_keys TO second_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON integration_grants TO second_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON integration_secrets TO second_app;
