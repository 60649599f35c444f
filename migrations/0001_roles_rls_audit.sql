-- The runtime group role: holds the grants, owns nothing, cannot log in. Each installation's
-- login role joins it (db/roles.ts). Roles are cluster-wide, so create it only when missing.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'second_app') THEN
    CREATE ROLE second_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
  END IF;
END $$;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE workspaces FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE teams FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE team_members FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE audit_seals FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO second_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON users, sessions, workspaces, memberships, teams, team_members TO second_app;--> statement-breakpoint
GRANT SELECT, INSERT ON audit_events, audit_seals TO second_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO second_app;--> statement-breakpoint
-- The audit trail is append-only for everyone, the owner included: no UPDATE, DELETE or TRUNCATE.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit records are append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();--> statement-breakpoint
CREATE TRIGGER audit_seals_append_only BEFORE UPDATE OR DELETE ON audit_seals
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();--> statement-breakpoint
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();--> statement-breakpoint
-- The writer's transaction id and time are the database's, never the caller's.
CREATE FUNCTION audit_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.txid := pg_current_xact_id();
  NEW.occurred_at := now();
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_stamp BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_stamp();--> statement-breakpoint
-- The canonical hash of one audit row (jsonb text output is key-ordered and stable).
CREATE FUNCTION audit_row_hash(e audit_events) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_object(
    'id', e.id, 'workspace_id', e.workspace_id, 'seq', e.seq, 'txid', e.txid::text,
    'occurred_at', to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'action', e.action, 'category', e.category, 'outcome', e.outcome,
    'actor_kind', e.actor_kind, 'actor_id', e.actor_id, 'actor_name', e.actor_name,
    'target_type', e.target_type, 'target_id', e.target_id, 'target_name', e.target_name,
    'summary', e.summary, 'metadata', e.metadata,
    'changed_fields', to_jsonb(e.changed_fields), 'redacted_fields', to_jsonb(e.redacted_fields),
    'request_id', e.request_id
  )::text, 'UTF8')), 'hex')
$$;
