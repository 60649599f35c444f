-- The worker's sweep of lost agent runs: running past their deadline while no job is left to
-- finish them, they hold a workspace slot forever. Like agent_runs_unqueued (0016), one
-- SECURITY DEFINER function returns ids only, read under the owner's sweep policy.
CREATE FUNCTION agent_runs_overdue(min_age interval, max_rows integer)
RETURNS TABLE (workspace_id uuid, run_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT r.workspace_id, r.id FROM public.agent_runs r
  WHERE r.kind = 'agent' AND r.status = 'running'
    AND coalesce(r.started_at, r.created_at) < now() - min_age
  ORDER BY coalesce(r.started_at, r.created_at)
  LIMIT least(greatest(max_rows, 0), 1000)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION agent_runs_overdue(interval, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION agent_runs_overdue(interval, integer) TO second_app;
