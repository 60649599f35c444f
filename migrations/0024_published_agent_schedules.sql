-- A published app's schedules run under its live version's frozen agents payload (decision 12),
-- so the startup reconciliation also finds apps whose live version declares a schedule. The
-- function still returns ids only; inside it the owner reads apps and versions through read
-- policies of its own, like the approvals (0016).
DO $$
BEGIN
  EXECUTE format('CREATE POLICY apps_owner_sweep ON apps FOR SELECT TO %I USING (true)', current_user);
  EXECUTE format('CREATE POLICY app_versions_owner_sweep ON app_versions FOR SELECT TO %I USING (true)', current_user);
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION agent_schedule_apps() RETURNS TABLE (workspace_id uuid, app_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT a.workspace_id, a.app_id FROM public.app_agent_approvals a
  WHERE a.stale_at IS NULL
    AND jsonb_path_exists(a.payload, '$.agents[*].triggers[*] ? (@.type == "schedule")')
  UNION
  SELECT p.workspace_id, p.id FROM public.apps p
  JOIN public.app_versions v ON v.workspace_id = p.workspace_id AND v.id = p.published_version_id
  WHERE v.agents_payload IS NOT NULL
    AND jsonb_path_exists(v.agents_payload, '$.agents[*].triggers[*] ? (@.type == "schedule")')
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION agent_schedule_apps() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION agent_schedule_apps() TO second_app;
