ALTER TABLE app_agent_approvals FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON app_agent_approvals TO second_app;
