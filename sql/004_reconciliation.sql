-- Reconciliation with SG186's daily statement (sg186-interface.md §5) and
-- settling by hand (docs/reconciliation.md).

-- A business transaction SG186 never booked, as its statement shows (or as
-- ops settled it): nothing was charged, nothing is left to reverse.
--   unknown | manual → not_charged
ALTER TABLE mstation.business_txn DROP CONSTRAINT business_txn_state_check;
ALTER TABLE mstation.business_txn ADD CONSTRAINT business_txn_state_check
  CHECK (state IN ('pending', 'succeeded', 'declined', 'unknown', 'reversed', 'manual', 'not_charged'));
-- Reconciliation reads one business date's money transactions.
CREATE INDEX ON mstation.business_txn (business_date, txn);

-- One row per completed run (`mstation reconcile`, or the daemon's nightly
-- job). A run that could not complete (exit 2) stores nothing here.
CREATE TABLE mstation.recon_run (
  run_id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  business_date       date NOT NULL,
  agency              text NOT NULL,
  started_at          timestamptz NOT NULL,
  finished_at         timestamptz NOT NULL DEFAULT now(),
  run_by              text NOT NULL,            -- 'cli:<os user>' or 'daemon:<instance>'
  result              text NOT NULL CHECK (result IN ('agreed', 'discrepancies')),
  -- SG186's summary (050) and its file (051), checked against each other.
  file_name           text NOT NULL,
  file_size           bigint NOT NULL,
  file_sha256         bytea NOT NULL CHECK (length(file_sha256) = 32),
  -- Net collected both ways (§5: STATUS 1 lines other than 012).
  station_count       bigint NOT NULL,
  station_amount_fen  bigint NOT NULL,
  sg186_count         bigint NOT NULL,
  sg186_amount_fen    bigint NOT NULL,
  -- Serials per class.
  matched             bigint NOT NULL,
  local_only          bigint NOT NULL,
  upstream_only       bigint NOT NULL,
  amount_mismatch     bigint NOT NULL,
  state_mismatch      bigint NOT NULL,
  -- What the statement settled: [{"txn_id", "serial", "from", "to"}].
  settled             jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX ON mstation.recon_run (business_date, run_id);

-- The statement file exactly as SG186 sent it (GBK bytes), one row per run.
CREATE TABLE mstation.recon_file (
  run_id      bigint PRIMARY KEY REFERENCES mstation.recon_run,
  file_name   text NOT NULL,
  content     bytea NOT NULL,
  sha256      bytea NOT NULL CHECK (length(sha256) = 32)
);
-- lz4: a day's file (~83 MB for a million lines) is stored in a fraction of
-- the time pglz takes, at a similar size.
ALTER TABLE mstation.recon_file ALTER COLUMN content SET COMPRESSION lz4;

-- Every serial of a run that did not match, with both sides as found.
CREATE TABLE mstation.recon_item (
  run_id              bigint NOT NULL REFERENCES mstation.recon_run,
  serial              text NOT NULL,
  class               text NOT NULL
                      CHECK (class IN ('local_only', 'upstream_only', 'amount_mismatch', 'state_mismatch')),
  txn_id              bigint,                   -- the station's business transaction, if any
  customer_no         text NOT NULL DEFAULT '',
  station_amount_fen  bigint,
  sg186_amount_fen    bigint,
  station_state       text,                     -- e.g. succeeded, or saf:done/1016 for an automatic reversal
  sg186_status        text,                     -- '1' normal, '2' reversed
  sg186_txn_code      text,
  note                text NOT NULL DEFAULT '', -- what to do about it
  PRIMARY KEY (run_id, serial)
);
CREATE INDEX ON mstation.recon_item (txn_id) WHERE txn_id IS NOT NULL;
CREATE INDEX ON mstation.recon_item (serial);

-- Runs stay as they were written.
CREATE TRIGGER recon_run_append_only BEFORE UPDATE OR DELETE ON mstation.recon_run
  FOR EACH ROW EXECUTE FUNCTION mstation.refuse_change();
CREATE TRIGGER recon_file_append_only BEFORE UPDATE OR DELETE ON mstation.recon_file
  FOR EACH ROW EXECUTE FUNCTION mstation.refuse_change();
CREATE TRIGGER recon_item_append_only BEFORE UPDATE OR DELETE ON mstation.recon_item
  FOR EACH ROW EXECUTE FUNCTION mstation.refuse_change();

-- A store-and-forward entry ops gave up on (`mstation saf abandon`), or that
-- reconciliation ended because the statement decided its transaction.
ALTER TABLE mstation.saf_entry DROP CONSTRAINT saf_entry_state_check;
ALTER TABLE mstation.saf_entry ADD CONSTRAINT saf_entry_state_check
  CHECK (state IN ('queued', 'done', 'manual', 'abandoned'));

-- Alerts acknowledged by hand say why.
ALTER TABLE mstation.alert ADD COLUMN ack_reason text;
CREATE INDEX ON mstation.alert (kind, subject) WHERE acknowledged_at IS NULL;

-- The daemon reconciles nightly; the CLI uses the same role today.
GRANT SELECT, INSERT ON mstation.recon_run, mstation.recon_file, mstation.recon_item TO mstation_app;
GRANT SELECT ON mstation.recon_run, mstation.recon_file, mstation.recon_item TO mstation_auditor;
