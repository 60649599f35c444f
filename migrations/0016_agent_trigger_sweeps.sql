-- Two worker sweeps look across workspaces: the startup reconciliation of agent schedules (which
-- apps have an approval that declares a schedule) and the re-enqueueing of agent runs whose job
-- was never put on the queue. Each reads through one SECURITY DEFINER function that returns ids
-- only; the runtime role may call them but still reads no other workspace's row itself. Inside
-- them the migrating owner reads, so it gets a read policy of its own (a superuser owner needs
-- none; the owner could lift FORCE on its tables anyway, so this grants it nothing new).
DO $$
BEGIN
  EXECUTE format('CREATE POLICY app_agent_approvals_owner_sweep ON app_agent_approvals FOR SELECT TO %I USING (true)', current_user);
  EXECUTE format('CREATE POLICY agent_runs_owner_sweep ON agent_runs FOR SELECT TO %I USING (true)', current_user);
END $$;
--> statement-breakpoint
CREATE FUNCTION agent_schedule_apps() RETURNS TABLE (workspace_id uuid, app_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT a.workspace_id, a.app_id FROM public.app_agent_approvals a
  WHERE a.stale_at IS NULL
    AND jsonb_path_exists(a.payload, '$.agents[*].triggers[*] ? (@.type == "schedule")')
$$;
--> statement-breakpoint
CREATE INDEX agent_runs_agent_pending_idx ON agent_runs (created_at)
  WHERE kind = 'agent' AND status = 'pending';
--> statement-breakpoint
CREATE FUNCTION agent_runs_unqueued(min_age interval, max_rows integer)
RETURNS TABLE (workspace_id uuid, run_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT r.workspace_id, r.id FROM public.agent_runs r
  WHERE r.kind = 'agent' AND r.status = 'pending' AND r.created_at < now() - min_age
  ORDER BY r.created_at
  LIMIT least(greatest(max_rows, 0), 1000)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION agent_schedule_apps() FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION agent_runs_unqueued(interval, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION agent_schedule_apps() TO second_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION agent_runs_unqueued(interval, integer) TO second_app;
