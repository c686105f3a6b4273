-- 008: what a review of 005–007 found (docs/operations.md, "Roles" and
-- "Partitions and retention"; docs/auditing.md).

-- Who may write which journal chain. The hash chain is unkeyed: anyone who
-- may append to a chain could append a row that verifies. So the `admin`
-- chain takes rows only from administrators, each row naming the login that
-- wrote it (session_user: SET ROLE does not hide the person); `recon` from the daemon (nightly) and administrators
-- (`mstation reconcile`); every other chain — the daemons' lanes — only from
-- members of mstation_app that are not administrators. The owner and a
-- superuser pass (`maintain` moves rows of every chain out of a default
-- partition): either could disable the trigger anyway, and the signed
-- checkpoints are what catch them.
CREATE FUNCTION mstation.acting_as_owner() RETURNS boolean
  LANGUAGE sql STABLE
  RETURN pg_has_role(current_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'mstation'), 'MEMBER')
      OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
      OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user);

CREATE FUNCTION mstation.guard_journal_writer() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  refused text;
BEGIN
  -- The daemon's lanes first: this runs on every journal row. The login
  -- counts, not a role it SET ROLE to.
  IF NEW.chain NOT IN ('admin', 'recon') THEN
    IF NOT (pg_has_role(session_user, 'mstation_app', 'MEMBER')
            AND NOT pg_has_role(session_user, 'mstation_admin', 'MEMBER'))
       AND NOT mstation.acting_as_owner() THEN
      refused := 'only the daemon writes its own chains';
    END IF;
  ELSIF NEW.chain = 'admin' THEN
    IF NOT mstation.acting_as_admin() THEN
      refused := 'only an administrator or the owner writes the admin chain';
    ELSIF (NEW.decoded->>'database_role') IS DISTINCT FROM session_user::text AND NOT mstation.acting_as_owner() THEN
      refused := format('an admin row must name the login writing it (%s), not %s',
                        session_user, coalesce(NEW.decoded->>'database_role', 'none'));
    END IF;
  ELSIF NOT (pg_has_role(current_user, 'mstation_app', 'MEMBER') OR mstation.acting_as_admin()) THEN
    refused := 'only the daemon or an administrator writes the recon chain';
  END IF;
  IF refused IS NOT NULL THEN
    RAISE EXCEPTION 'mstation: journal row for chain % refused for role %: %', NEW.chain, current_user, refused
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER journal_writer BEFORE INSERT ON mstation.journal
  FOR EACH ROW EXECUTE FUNCTION mstation.guard_journal_writer();
-- A function or operator of the same name in a schema earlier on the
-- caller's search_path must not answer for pg_has_role or bytea's =.
ALTER FUNCTION mstation.guard_journal_writer() SET search_path = pg_catalog, mstation;

-- The one-way guard again. A working-key row keeps its cipher-block count,
-- its void and its issue time while its bundle — its wrapped TDK and TAK —
-- is the same; a new bundle (new keys, issued by a sign-on) starts afresh.
-- This stops a daemon bug from reviving a key or resetting its count in
-- place. It does not stop a daemon that has been taken over: that daemon
-- holds the KEK and issuing keys is its job (it could write new wrapped
-- bytes, or the old ones again); its sign-ons are in the journal. (Ordering
-- bundles by issued_at was tried and dropped: a clock stepped back, or a
-- database clock ahead of the daemon's, would refuse honest sign-ons.)
CREATE OR REPLACE FUNCTION mstation.guard_one_way() RETURNS trigger
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
    IF NEW.tdk_wrapped = OLD.tdk_wrapped AND NEW.tak_wrapped = OLD.tak_wrapped THEN
      IF NEW.issued_at <> OLD.issued_at THEN
        what := 'changing issued_at of the same bundle';
      ELSIF NEW.cipher_blocks < OLD.cipher_blocks THEN
        what := 'lowering cipher_blocks';
      ELSIF OLD.voided_at IS NOT NULL AND NEW.voided_at IS NULL THEN
        what := 'un-voiding a working key';
      END IF;
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
ALTER FUNCTION mstation.guard_one_way() SET search_path = pg_catalog, mstation;
ALTER FUNCTION mstation.refuse_change() SET search_path = pg_catalog, mstation;

-- Partition bounds are written as text: with a DateStyle other than ISO
-- PostgreSQL would print a zone abbreviation ('CST') that it reads back as
-- another zone. Both functions now print ISO, with a numeric offset.
ALTER FUNCTION mstation.create_month_partition(text, date) SET datestyle = 'ISO, YMD';
ALTER FUNCTION mstation.ensure_month_partition(text, date) SET datestyle = 'ISO, YMD';
ALTER FUNCTION mstation.create_month_partition(text, date) SET search_path = pg_catalog, mstation;
ALTER FUNCTION mstation.ensure_month_partition(text, date) SET search_path = pg_catalog, mstation;

-- Detaches a month past retention (`mstation maintain`) and keeps it what it
-- was: a journal month stays append-only (detaching drops the cloned
-- triggers) and every archived month stays readable by auditors.
CREATE FUNCTION mstation.archive_month_partition(parent text, partition text) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  archive regclass;
BEGIN
  EXECUTE format('ALTER TABLE mstation.%I DETACH PARTITION mstation.%I', parent, partition);
  archive := ('mstation.' || quote_ident(partition))::regclass;
  IF parent = 'journal' THEN
    EXECUTE format('CREATE TRIGGER archive_append_only BEFORE UPDATE OR DELETE ON %s '
                   'FOR EACH ROW EXECUTE FUNCTION mstation.refuse_change()', archive);
    EXECUTE format('CREATE TRIGGER archive_no_truncate BEFORE TRUNCATE ON %s '
                   'FOR EACH STATEMENT EXECUTE FUNCTION mstation.refuse_change()', archive);
  END IF;
  EXECUTE format('REVOKE ALL ON %s FROM mstation_app, mstation_admin', archive);
  EXECUTE format('GRANT SELECT ON %s TO mstation_auditor', archive);
END
$$;
ALTER FUNCTION mstation.archive_month_partition(text, text) SET search_path = pg_catalog, mstation;

-- The daemon raises alerts; acknowledging one is an administrator's
-- (`mstation alerts ack`, journaled): it may neither update an alert nor
-- raise one already acknowledged.
REVOKE INSERT, UPDATE ON mstation.alert FROM mstation_app;
GRANT INSERT (severity, kind, subject, message) ON mstation.alert TO mstation_app;

-- audit_txn, found by index: the SG186 request rows by their serial, their
-- exchanges by exchange_id; both, and the terminal's frames, only from the
-- daemons' lanes (never rows an administrator or a reconciliation wrote);
-- the frames only from the transaction's own SEQ epoch (a `terminal
-- reset-seq` starts SEQ again, so tid + seq alone may name frames of
-- another transaction): between the same SEQ's requests of the epochs
-- before and after, as the daemon recorded them in terminal_request.
CREATE INDEX journal_sg186_request_serial ON mstation.journal (((decoded->'header'->>'serial')))
  WHERE kind = 'sg186_request';

CREATE OR REPLACE VIEW mstation.audit_txn AS
SELECT b.txn_id, b.created_at, b.business_date, b.tid, b.seq_epoch, b.seq, b.operator_id, b.txn,
       b.customer_no, b.amount_fen, b.cash, b.orig_txn_id, b.sg186_serial, b.sg186_code, b.charge_id,
       b.state, b.response_code, b.receipt_no, b.updated_at,
       (SELECT json_agg(json_build_object('recorded_at', j.recorded_at, 'chain', j.chain, 'chain_pos', j.chain_pos,
                                          'kind', j.kind, 'peer', j.peer, 'code', j.code,
                                          'raw', encode(j.raw, 'hex'), 'decoded', j.decoded, 'note', j.note)
                        ORDER BY j.recorded_at, j.chain_pos)
          FROM mstation.journal j
         WHERE j.tid = b.tid AND j.seq = b.seq AND j.kind LIKE 'hhu%' AND j.chain NOT IN ('admin', 'recon')
           AND j.recorded_at BETWEEN b.created_at - interval '1 hour' AND b.created_at + interval '1 day'
           AND j.recorded_at > coalesce(epoch.started, '-infinity')
           AND j.recorded_at < coalesce(epoch.ended, 'infinity')) AS frames,
       (SELECT json_agg(json_build_object('recorded_at', j.recorded_at, 'chain', j.chain, 'kind', j.kind,
                                          'txn', j.txn, 'code', j.code, 'decoded', j.decoded, 'note', j.note)
                        ORDER BY j.recorded_at, j.chain_pos)
          FROM mstation.journal j
         WHERE j.kind IN ('sg186_request', 'sg186_response', 'sg186_unanswered') AND j.chain NOT IN ('admin', 'recon')
           AND j.exchange_id = ANY (ARRAY(SELECT r.exchange_id FROM mstation.journal r
                                           WHERE r.kind = 'sg186_request' AND r.chain NOT IN ('admin', 'recon')
                                             AND (r.decoded->'header'->>'serial') = ANY (serials.all_serials)))
       ) AS sg186_messages,
       (SELECT json_agg(json_build_object('saf_id', s.saf_id, 'purpose', s.purpose, 'sg186_txn', s.sg186_txn,
                                          'sg186_serial', s.sg186_serial, 'state', s.state, 'attempts', s.attempts,
                                          'last_result', s.last_result, 'created_at', s.created_at,
                                          'finished_at', s.finished_at) ORDER BY s.saf_id)
          FROM mstation.saf_entry s WHERE s.txn_id = b.txn_id) AS saf_entries,
       (SELECT json_agg(json_build_object('run_id', i.run_id, 'business_date', r.business_date, 'class', i.class,
                                          'station_state', i.station_state, 'sg186_status', i.sg186_status,
                                          'station_amount_fen', i.station_amount_fen,
                                          'sg186_amount_fen', i.sg186_amount_fen, 'note', i.note) ORDER BY i.run_id)
          FROM mstation.recon_item i JOIN mstation.recon_run r USING (run_id) WHERE i.txn_id = b.txn_id)
         AS recon_items
  FROM mstation.business_txn b
  CROSS JOIN LATERAL (
    SELECT (SELECT max(r.answered_at) + interval '1 second' FROM mstation.terminal_request r
             WHERE r.tid = b.tid AND r.seq = b.seq AND r.seq_epoch < b.seq_epoch) AS started,
           (SELECT min(r.received_at) - interval '1 second' FROM mstation.terminal_request r
             WHERE r.tid = b.tid AND r.seq = b.seq AND r.seq_epoch > b.seq_epoch) AS ended) epoch
  CROSS JOIN LATERAL (
    SELECT array_append(array(SELECT s.sg186_serial FROM mstation.saf_entry s WHERE s.txn_id = b.txn_id),
                        b.sg186_serial) AS all_serials) serials;
