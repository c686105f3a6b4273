-- Business transactions, the store-and-forward queue and operator cash
-- (design.md §2, hhu-protocol.md §5).

-- One row per business transaction that changes something at SG186:
-- payments, prepayments, reversals, card purchases, reading uploads and
-- dunning notices. Written `pending` with its SG186 serial in the same commit
-- as the request's journal rows (write-ahead), updated in the same commit as
-- the answer's journal rows, before the terminal hears anything.
--
--   pending → succeeded | declined | unknown → reversed | manual
--
-- Partitioned by month of created_at; txn_id comes from a sequence, so it is
-- unique although the primary key must include the partition key.
CREATE SEQUENCE mstation.business_txn_id_seq AS bigint;
CREATE TABLE mstation.business_txn (
  txn_id         bigint NOT NULL DEFAULT nextval('mstation.business_txn_id_seq'),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  business_date  date NOT NULL,               -- UTC+8, sent to SG186 as WORK_DATE
  tid            char(8) NOT NULL,
  seq_epoch      integer NOT NULL,
  seq            bigint NOT NULL,
  operator_id    text NOT NULL,
  txn            char(4) NOT NULL,            -- HHU TXN: 0102 0202 0203 0204 0302 0401
  customer_no    text NOT NULL DEFAULT '',
  amount_fen     bigint NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
  cash           boolean NOT NULL DEFAULT false,  -- counts in the operator's cash in transit
  orig_txn_id    bigint,                      -- a reversal's original
  sg186_serial   text NOT NULL,
  sg186_request  bytea NOT NULL,               -- the exact bytes sent (resent unchanged if in doubt)
  sg186_code     text,                        -- SG186's RSP_CODE when it answered
  charge_id      text,                        -- SG186's CHARGE_ID
  state          text NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'succeeded', 'declined', 'unknown', 'reversed', 'manual')),
  response_code  text,                        -- the HHU code the terminal got
  receipt_no     text,
  receipt_lines  jsonb,                       -- the printed lines (receipt or dunning notice)
  detail         jsonb NOT NULL DEFAULT '{}', -- per transaction: card data, reading counts, notice number
  PRIMARY KEY (txn_id, created_at)
) PARTITION BY RANGE (created_at);
ALTER SEQUENCE mstation.business_txn_id_seq OWNED BY mstation.business_txn.txn_id;
CREATE INDEX ON mstation.business_txn (txn_id);
CREATE INDEX ON mstation.business_txn (tid, seq_epoch, seq);
CREATE INDEX ON mstation.business_txn (operator_id, business_date);
CREATE INDEX ON mstation.business_txn (tid, business_date);
CREATE INDEX ON mstation.business_txn (sg186_serial);
CREATE INDEX ON mstation.business_txn (orig_txn_id) WHERE orig_txn_id IS NOT NULL;
CREATE INDEX ON mstation.business_txn (state) WHERE state IN ('pending', 'unknown', 'manual');
CREATE TABLE mstation.business_txn_default PARTITION OF mstation.business_txn DEFAULT;
SELECT mstation.create_month_partition('business_txn',
         (mstation.business_date(now()) + make_interval(months => n))::date)
  FROM generate_series(0, 2) AS n;

-- Store-and-forward: SG186 requests that must be answered in the end.
--   reversal  an automatic reversal (012) of a payment, prepayment or card
--             purchase left in doubt, or of a card purchase the card did not take
--   resend    the identical request again (a reversal, card-write confirmation
--             or reading upload that was itself in doubt)
-- Not partitioned: UNIQUE (txn_id, purpose) is "one reversal per original,
-- however many triggers ask for it". Entries are claimed with a lease
-- (claimed_until), never with a lock held across the exchange.
CREATE TABLE mstation.saf_entry (
  saf_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  txn_id           bigint NOT NULL,           -- the business transaction it settles
  purpose          text NOT NULL CHECK (purpose IN ('reversal', 'resend')),
  sg186_txn        char(3) NOT NULL,          -- 012, 041, 021
  sg186_serial     text NOT NULL UNIQUE,
  request          bytea NOT NULL,            -- the exact bytes, resent unchanged
  state            text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'manual')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  claimed_until    timestamptz,
  claimed_by       text,
  last_result      text,                      -- RSP_CODE, or not_delivered / in_doubt
  alerted          boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  UNIQUE (txn_id, purpose)
);
CREATE INDEX ON mstation.saf_entry (next_attempt_at) WHERE state = 'queued';

-- Cash in transit per operator (在途资金): cash collected minus reversals
-- minus cash handed in at the office. One row per operator, locked FOR UPDATE
-- while a payment is checked against limits.max_cash_in_transit_fen, so the
-- limit holds across instances.
CREATE TABLE mstation.operator_cash (
  operator_id      text PRIMARY KEY,
  in_transit_fen   bigint NOT NULL DEFAULT 0,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Cash handed in at the office (`mstation cash handin`), append-only.
CREATE TABLE mstation.cash_handin (
  handin_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  operator_id    text NOT NULL,
  amount_fen     bigint NOT NULL CHECK (amount_fen > 0),
  handed_in_at   timestamptz NOT NULL DEFAULT now(),
  recorded_by    text NOT NULL DEFAULT current_user
);
CREATE TRIGGER cash_handin_append_only BEFORE UPDATE OR DELETE ON mstation.cash_handin
  FOR EACH ROW EXECUTE FUNCTION mstation.refuse_change();

-- The reading tasks a terminal downloaded (0101), per customer: what
-- BILL_ESTIMATE (0104) prices a new reading against.
CREATE TABLE mstation.reading_task (
  customer_no    text PRIMARY KEY,
  segment_no     text NOT NULL,
  meter_no       text NOT NULL,
  multiplier     integer NOT NULL,
  last_reading   bigint NOT NULL,
  register_digits integer NOT NULL,
  tariff_code    text NOT NULL,
  downloaded_at  timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE ON mstation.business_txn, mstation.saf_entry, mstation.operator_cash,
  mstation.reading_task TO mstation_app;
GRANT SELECT, INSERT ON mstation.cash_handin TO mstation_app;
GRANT USAGE ON SEQUENCE mstation.business_txn_id_seq TO mstation_app;
GRANT SELECT ON mstation.business_txn, mstation.saf_entry, mstation.operator_cash, mstation.cash_handin
  TO mstation_auditor;
