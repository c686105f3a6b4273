-- 001: roles, terminals, operators, working keys, the per-SEQ uniqueness key,
-- the append-only hash-chained journal (monthly partitions) and alerts.
-- Applied by `mstation migrate` as the owner role, inside one transaction.

-- Group roles without LOGIN: a deployment creates login users and grants
-- them membership (docs/operations.md). Roles are cluster-wide, so another
-- database of the cluster may have created them already — or be creating
-- them at this very moment (hence the exception handlers, not just IF).
DO $$
BEGIN
  BEGIN
    CREATE ROLE mstation_app NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  BEGIN
    CREATE ROLE mstation_auditor NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
END
$$;

REVOKE ALL ON SCHEMA mstation FROM PUBLIC;
GRANT USAGE ON SCHEMA mstation TO mstation_app, mstation_auditor;
GRANT SELECT ON mstation.schema_migration TO mstation_app, mstation_auditor;

-- Business time is China Standard Time whatever the server's time zone.
-- (IMMUTABLE so it can be indexed: Asia/Shanghai has been UTC+8 since 1991.)
CREATE FUNCTION mstation.business_date(ts timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE STRICT
  RETURN (ts AT TIME ZONE 'Asia/Shanghai')::date;

-- Refuses UPDATE, DELETE and TRUNCATE on append-only tables, for every role:
-- old data leaves only by detaching a whole monthly partition (`mstation maintain`).
CREATE FUNCTION mstation.refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'mstation: % on %.% is refused: the table is append-only',
    TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Creates the partition of PARENT for the UTC+8 calendar month containing
-- MONTH, named PARENT_yYYYYmMM, unless it exists. Used by migrations and by
-- `mstation maintain`, which creates months ahead of time.
CREATE FUNCTION mstation.create_month_partition(parent text, month date) RETURNS text
  LANGUAGE plpgsql AS $$
DECLARE
  first_day date := date_trunc('month', month)::date;
  name text := parent || '_y' || to_char(first_day, 'YYYY') || 'm' || to_char(first_day, 'MM');
BEGIN
  IF to_regclass('mstation.' || name) IS NULL THEN
    EXECUTE format(
      'CREATE TABLE mstation.%I PARTITION OF mstation.%I FOR VALUES FROM (%L) TO (%L)',
      name, parent,
      (first_day::timestamp AT TIME ZONE 'Asia/Shanghai'),
      ((first_day + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai'));
  END IF;
  RETURN name;
END
$$;

-- Terminals (handhelds). The TMK is stored only wrapped under the station's
-- key-encryption key (keys.kek_file); kek_id says which KEK wrapped it.
CREATE TABLE mstation.terminal (
  tid            char(8) PRIMARY KEY CHECK (tid ~ '^[0-9]{8}$'),
  bound_ip       inet NOT NULL,
  suite          smallint NOT NULL CHECK (suite IN (1, 2)),
  station        text NOT NULL CHECK (station <> ''),
  enabled        boolean NOT NULL DEFAULT true,
  tmk_wrapped    bytea NOT NULL,
  tmk_kcv        char(6) NOT NULL,
  kek_id         text NOT NULL,
  -- SEQ bookkeeping (hhu-protocol §4). `terminal reset-seq` starts a new
  -- epoch; highest_seq is the highest SEQ accepted in the current epoch.
  seq_epoch      integer NOT NULL DEFAULT 1 CHECK (seq_epoch >= 1),
  highest_seq    bigint NOT NULL DEFAULT 0 CHECK (highest_seq BETWEEN 0 AND 4294967295),
  key_version    smallint NOT NULL DEFAULT 0 CHECK (key_version BETWEEN 0 AND 255),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Operators (electricians). Passwords as salted PBKDF2-HMAC-SHA256 hashes.
CREATE TABLE mstation.operator (
  operator_id          varchar(8) PRIMARY KEY CHECK (operator_id ~ '^[0-9A-Za-z]{1,8}$'),
  name                 text NOT NULL CHECK (name <> ''),
  station              text NOT NULL CHECK (station <> ''),
  enabled              boolean NOT NULL DEFAULT true,
  password_hash        bytea NOT NULL,
  password_salt        bytea NOT NULL,
  password_iterations  integer NOT NULL CHECK (password_iterations > 0),
  locked_until         timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);

-- Wrong passwords, for "5 within 15 minutes locks the operator".
CREATE TABLE mstation.operator_login_failure (
  operator_id  varchar(8) NOT NULL REFERENCES mstation.operator,
  tid          char(8) NOT NULL,
  failed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON mstation.operator_login_failure (operator_id, failed_at);

-- Working keys issued at sign-on, wrapped under the KEK. Versions wrap
-- 255 → 1, so a new bundle replaces the row of the same version.
CREATE TABLE mstation.working_key (
  tid            char(8) NOT NULL REFERENCES mstation.terminal,
  key_version    smallint NOT NULL CHECK (key_version BETWEEN 1 AND 255),
  operator_id    varchar(8) NOT NULL REFERENCES mstation.operator,
  tdk_wrapped    bytea NOT NULL,
  tak_wrapped    bytea NOT NULL,
  kek_id         text NOT NULL,
  issued_at      timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  superseded_at  timestamptz,  -- a newer sign-on: valid until + key_grace
  voided_at      timestamptz,  -- SIGN_OFF
  cipher_blocks  bigint NOT NULL DEFAULT 0,  -- SUITE 01 limit of 2^20
  PRIMARY KEY (tid, key_version)
);

-- "Executed once": one row per accepted (terminal, SEQ epoch, SEQ), on a table
-- that is deliberately NOT partitioned so the key is unique across all time,
-- restarts and instances. It also keeps the exact response bytes, so a
-- retransmission is answered byte for byte.
CREATE TABLE mstation.terminal_request (
  tid             char(8) NOT NULL REFERENCES mstation.terminal,
  seq_epoch       integer NOT NULL,
  seq             bigint NOT NULL CHECK (seq BETWEEN 0 AND 4294967295),
  txn             char(4) NOT NULL,
  request_sha256  bytea NOT NULL,
  state           text NOT NULL DEFAULT 'in_progress' CHECK (state IN ('in_progress', 'answered')),
  response_frame  bytea,
  response_code   text,
  instance        text NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  answered_at     timestamptz,
  PRIMARY KEY (tid, seq_epoch, seq),
  CHECK (state = 'in_progress' OR response_frame IS NOT NULL)
);

-- The journal: every byte received and sent, before and after decryption,
-- and every SG186 message. Append-only; each row is chained to the previous
-- row of its writer's chain by SHA-256 (prev_hash → row_hash), which
-- `mstation audit verify` recomputes.
CREATE SEQUENCE mstation.journal_id_seq AS bigint;
CREATE TABLE mstation.journal (
  journal_id   bigint NOT NULL DEFAULT nextval('mstation.journal_id_seq'),
  recorded_at  timestamptz NOT NULL,  -- set by the writer (it is hashed), microseconds
  chain        text NOT NULL,         -- one chain per writer: the instance name
  chain_pos    bigint NOT NULL CHECK (chain_pos >= 1),
  kind         text NOT NULL,         -- hhu_request_raw, hhu_request, hhu_response, hhu_response_raw, ...
  exchange_id  bigint,                -- groups the rows of one connection or SG186 exchange
  peer         text,                  -- remote address as the listener saw it
  tid          text,
  seq          bigint,
  txn          text,
  code         text,
  raw          bytea,                 -- bytes exactly as on the wire
  decoded      json,                  -- decrypted/decoded form, secrets masked; json keeps the hashed text
  note         text,                  -- why a frame was refused, timings
  prev_hash    bytea NOT NULL CHECK (length(prev_hash) = 32),
  row_hash     bytea NOT NULL CHECK (length(row_hash) = 32),
  PRIMARY KEY (journal_id, recorded_at)
) PARTITION BY RANGE (recorded_at);
ALTER SEQUENCE mstation.journal_id_seq OWNED BY mstation.journal.journal_id;
CREATE INDEX ON mstation.journal (chain, chain_pos);
CREATE INDEX ON mstation.journal (tid, seq);
CREATE INDEX ON mstation.journal (exchange_id);
-- Rows whose month has no partition yet land here rather than being lost.
CREATE TABLE mstation.journal_default PARTITION OF mstation.journal DEFAULT;
SELECT mstation.create_month_partition('journal',
         (mstation.business_date(now()) + make_interval(months => n))::date)
  FROM generate_series(0, 2) AS n;
CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON mstation.journal
  FOR EACH ROW EXECUTE FUNCTION mstation.refuse_change();
CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON mstation.journal
  FOR EACH STATEMENT EXECUTE FUNCTION mstation.refuse_change();

-- Alerts for ops: raised by the daemon and CLI, also logged and counted.
CREATE TABLE mstation.alert (
  alert_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  raised_at        timestamptz NOT NULL DEFAULT now(),
  severity         text NOT NULL CHECK (severity IN ('warning', 'critical')),
  kind             text NOT NULL,
  subject          text,
  message          text NOT NULL,
  acknowledged_at  timestamptz,
  acknowledged_by  text
);

-- Privileges. The daemon may append to the journal but never change it.
GRANT SELECT, INSERT, UPDATE ON mstation.terminal, mstation.operator, mstation.working_key,
  mstation.terminal_request TO mstation_app;
GRANT SELECT, INSERT, DELETE ON mstation.operator_login_failure TO mstation_app;
GRANT SELECT, INSERT ON mstation.journal TO mstation_app;
GRANT USAGE ON SEQUENCE mstation.journal_id_seq TO mstation_app;
GRANT SELECT, INSERT, UPDATE ON mstation.alert TO mstation_app;

-- Auditors read everything but key material and password hashes.
GRANT SELECT ON mstation.journal, mstation.terminal_request, mstation.alert,
  mstation.operator_login_failure TO mstation_auditor;
GRANT SELECT (tid, bound_ip, suite, station, enabled, tmk_kcv, seq_epoch, highest_seq,
  key_version, created_at, updated_at) ON mstation.terminal TO mstation_auditor;
GRANT SELECT (operator_id, name, station, enabled, locked_until, created_at, updated_at)
  ON mstation.operator TO mstation_auditor;
GRANT SELECT (tid, key_version, operator_id, issued_at, expires_at, superseded_at, voided_at,
  cipher_blocks) ON mstation.working_key TO mstation_auditor;
