-- 005: roles that hold (docs/operations.md, "Roles").
--
--   owner             migrate, maintain: owns everything in the schema
--   mstation_app      the daemon: exactly what serving needs
--   mstation_admin    people, through the CLI (database.admin_conninfo):
--                     enrolling, disabling, re-keying, passwords, cash,
--                     settling by hand — every action journaled (chain `admin`)
--   mstation_auditor  reads the books, never key material or password hashes
--
-- The daemon keeps: issuing working keys, raising a terminal's highest SEQ,
-- counting cipher blocks, recording failed sign-ons and imposing a lockout.
-- It loses: enrolling terminals or operators, changing a terminal's binding,
-- suite, enabled flag or master key, an operator's password, station or
-- enabled flag, lifting a lockout, handing in cash.

DO $$
BEGIN
  BEGIN
    CREATE ROLE mstation_admin NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
END
$$;

-- True when the acting role may move a guarded column backwards: an
-- administrator, the schema's owner or a superuser. SECURITY INVOKER (the
-- default), so current_user is whoever runs the statement.
CREATE FUNCTION mstation.acting_as_admin() RETURNS boolean
  LANGUAGE sql STABLE
  RETURN pg_has_role(current_user, 'mstation_admin', 'MEMBER')
      OR pg_has_role(current_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'mstation'), 'MEMBER')
      OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user);

-- Columns the daemon may update only one way.
--   terminal.highest_seq           only up (a new SEQ epoch is `terminal reset-seq`)
--   operator.locked_until          only later (lifting a lockout is `operator passwd`)
--   working_key.cipher_blocks      only up while the same bundle is in force
--   working_key.voided_at          once set, stays (a new bundle replaces the row)
CREATE FUNCTION mstation.guard_one_way() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  what text;
BEGIN
  -- The cheap comparisons first: this runs on every request's SEQ and cipher-block update.
  IF TG_TABLE_NAME = 'terminal' THEN
    IF NEW.highest_seq < OLD.highest_seq THEN what := 'lowering highest_seq'; END IF;
  ELSIF TG_TABLE_NAME = 'operator' THEN
    IF OLD.locked_until IS NOT NULL AND (NEW.locked_until IS NULL OR NEW.locked_until < OLD.locked_until) THEN
      what := 'lifting a lockout';
    END IF;
  ELSIF TG_TABLE_NAME = 'working_key' THEN
    IF NEW.issued_at = OLD.issued_at AND NEW.cipher_blocks < OLD.cipher_blocks THEN
      what := 'lowering cipher_blocks';
    ELSIF NEW.issued_at = OLD.issued_at AND OLD.voided_at IS NOT NULL AND NEW.voided_at IS NULL THEN
      what := 'un-voiding a working key';
    END IF;
  END IF;
  IF what IS NOT NULL AND NOT mstation.acting_as_admin() THEN
    RAISE EXCEPTION 'mstation: % on %.% is refused for role %: only an administrator may',
      what, TG_TABLE_SCHEMA, TG_TABLE_NAME, current_user
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER terminal_one_way BEFORE UPDATE ON mstation.terminal
  FOR EACH ROW EXECUTE FUNCTION mstation.guard_one_way();
CREATE TRIGGER operator_one_way BEFORE UPDATE ON mstation.operator
  FOR EACH ROW EXECUTE FUNCTION mstation.guard_one_way();
CREATE TRIGGER working_key_one_way BEFORE UPDATE ON mstation.working_key
  FOR EACH ROW EXECUTE FUNCTION mstation.guard_one_way();

-- The daemon: from "read and update" to exactly the columns serving moves.
REVOKE ALL ON mstation.terminal, mstation.operator, mstation.working_key, mstation.cash_handin,
  mstation.operator_login_failure FROM mstation_app;
GRANT SELECT ON mstation.terminal, mstation.operator, mstation.working_key, mstation.cash_handin
  TO mstation_app;
GRANT UPDATE (highest_seq, key_version, updated_at) ON mstation.terminal TO mstation_app;
GRANT UPDATE (locked_until, updated_at) ON mstation.operator TO mstation_app;
GRANT INSERT ON mstation.working_key TO mstation_app;
GRANT UPDATE (operator_id, tdk_wrapped, tak_wrapped, kek_id, issued_at, expires_at, superseded_at, voided_at,
  cipher_blocks) ON mstation.working_key TO mstation_app;
-- A successful sign-on forgets the operator's earlier wrong passwords.
GRANT SELECT, INSERT, DELETE ON mstation.operator_login_failure TO mstation_app;

-- Administrators, through the CLI.
GRANT USAGE ON SCHEMA mstation TO mstation_admin;
GRANT SELECT ON ALL TABLES IN SCHEMA mstation TO mstation_admin;
GRANT INSERT, UPDATE ON mstation.terminal, mstation.operator, mstation.working_key, mstation.alert,
  mstation.business_txn, mstation.saf_entry, mstation.operator_cash TO mstation_admin;
GRANT DELETE ON mstation.operator_login_failure TO mstation_admin;
GRANT INSERT ON mstation.cash_handin, mstation.journal, mstation.recon_run, mstation.recon_file,
  mstation.recon_item TO mstation_admin;
GRANT USAGE ON SEQUENCE mstation.journal_id_seq, mstation.business_txn_id_seq, mstation.sg186_serial_seq
  TO mstation_admin;
