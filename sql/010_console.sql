-- 010: the web console (docs/console.md): its users, their sessions, and
-- the last result of `mstation audit verify` for the chain status page.

-- People who log in to the console (not electricians: those are operators).
--   auditor  reads everything, and the decrypted terminal frames
--   ops      reads everything but the decrypted frames; settles by hand
--   office   a supply office (供电所): its own station's terminals,
--            operators and transactions only
-- Five wrong passwords in a row lock the login for 15 minutes;
-- `mstation user passwd` or `user enable` lifts a lockout.
CREATE TABLE mstation.console_user (
  login                text PRIMARY KEY CHECK (login ~ '^[A-Za-z0-9_.-]{1,32}$'),
  role                 text NOT NULL CHECK (role IN ('auditor', 'ops', 'office')),
  station              text CHECK (station <> ''),
  enabled              boolean NOT NULL DEFAULT true,
  password_hash        bytea NOT NULL,
  password_salt        bytea NOT NULL,
  password_iterations  integer NOT NULL CHECK (password_iterations > 0),
  failed_logins        integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until         timestamptz,
  last_login_at        timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'office') = (station IS NOT NULL))
);

-- Logged-in sessions: the cookie's SHA-256 (never the cookie itself), its
-- CSRF token, and when it was last used (the idle timeout counts from it).
-- In the database, so a session holds across a restart and across instances.
CREATE TABLE mstation.console_session (
  token_sha256  bytea PRIMARY KEY CHECK (length(token_sha256) = 32),
  login         text NOT NULL REFERENCES mstation.console_user ON DELETE CASCADE,
  csrf_token    text NOT NULL,
  peer          text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON mstation.console_session (last_seen_at);

-- `mstation audit verify` records what it found (one row per run).
CREATE TABLE mstation.journal_verify_run (
  verify_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  verified_at  timestamptz NOT NULL DEFAULT now(),
  run_by       text NOT NULL DEFAULT session_user,
  intact       boolean NOT NULL,
  chains       jsonb NOT NULL  -- [{"chain", "rows_verified", "intact", "position"?, "reason"?}]
);
CREATE TRIGGER journal_verify_run_append_only BEFORE UPDATE OR DELETE ON mstation.journal_verify_run
  FOR EACH ROW EXECUTE FUNCTION mstation.refuse_change();

-- The console connects as the administrator role (database.admin_conninfo):
-- its two actions are the CLI's, journaled the same way.
GRANT SELECT, INSERT, UPDATE ON mstation.console_user TO mstation_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON mstation.console_session TO mstation_admin;
GRANT SELECT, INSERT ON mstation.journal_verify_run TO mstation_app, mstation_admin;
GRANT SELECT ON mstation.journal_verify_run TO mstation_auditor;
GRANT SELECT (login, role, station, enabled, failed_logins, locked_until, last_login_at, created_at, updated_at)
  ON mstation.console_user TO mstation_auditor;
