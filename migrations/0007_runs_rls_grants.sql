ALTER TABLE agent_runs FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE run_events FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON agent_runs TO second_app;--> statement-breakpoint
-- Readers trust txid: writers insert only the descriptive columns.
GRANT SELECT ON run_events TO second_app;--> statement-breakpoint
GRANT INSERT (workspace_id, run_id, seq, type, data) ON run_events TO second_app;
