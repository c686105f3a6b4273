-- 007: auditors' views (docs/auditing.md). Views run with their owner's
-- rights, so they show what they join without granting the tables behind.

-- One business transaction with everything about it: the terminal's frames
-- as received and as decrypted (secrets masked), its SG186 messages (its
-- serial and its store-and-forward serials), its store-and-forward entries
-- and the reconciliation items that named it. Filter by txn_id, customer_no,
-- tid or business_date: each row gathers from the journal.
CREATE VIEW mstation.audit_txn AS
SELECT b.txn_id, b.created_at, b.business_date, b.tid, b.seq_epoch, b.seq, b.operator_id, b.txn,
       b.customer_no, b.amount_fen, b.cash, b.orig_txn_id, b.sg186_serial, b.sg186_code, b.charge_id,
       b.state, b.response_code, b.receipt_no, b.updated_at,
       (SELECT json_agg(json_build_object('recorded_at', j.recorded_at, 'chain', j.chain, 'chain_pos', j.chain_pos,
                                          'kind', j.kind, 'peer', j.peer, 'code', j.code,
                                          'raw', encode(j.raw, 'hex'), 'decoded', j.decoded, 'note', j.note)
                        ORDER BY j.recorded_at, j.chain_pos)
          FROM mstation.journal j
         WHERE j.tid = b.tid AND j.seq = b.seq AND j.kind LIKE 'hhu%'
           AND j.recorded_at BETWEEN b.created_at - interval '1 hour' AND b.created_at + interval '1 day') AS frames,
       (SELECT json_agg(json_build_object('recorded_at', j.recorded_at, 'kind', j.kind, 'txn', j.txn,
                                          'code', j.code, 'decoded', j.decoded, 'note', j.note)
                        ORDER BY j.recorded_at, j.chain_pos)
          FROM mstation.journal j
         WHERE j.kind IN ('sg186_request', 'sg186_response', 'sg186_unanswered')
           AND j.exchange_id IN (SELECT r.exchange_id FROM mstation.journal r
                                  WHERE r.kind = 'sg186_request'
                                    AND r.decoded->'header'->>'serial' IN
                                        (SELECT b.sg186_serial UNION
                                         SELECT s.sg186_serial FROM mstation.saf_entry s WHERE s.txn_id = b.txn_id))
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
  FROM mstation.business_txn b;

-- Every administrative action (the `admin` journal chain): who, as which
-- database role, why, and what changed.
CREATE VIEW mstation.audit_admin_action AS
SELECT j.recorded_at, j.chain_pos, j.kind AS action, j.tid,
       j.decoded->>'os_user' AS os_user, j.decoded->>'by' AS by_person,
       j.decoded->>'database_role' AS database_role, nullif(j.decoded->>'reason', '') AS reason,
       j.decoded->'before' AS before, j.decoded->'after' AS after, j.journal_id
  FROM mstation.journal j
 WHERE j.chain = 'admin';

GRANT SELECT ON mstation.audit_txn, mstation.audit_admin_action TO mstation_auditor, mstation_admin;

-- The auditor reads the books — journal, transactions, SAF, alerts,
-- reconciliation and these views — and not the registers of terminals,
-- operators and working keys (key material or not): their changes are on the
-- `admin` chain and their use is in the journal.
REVOKE ALL ON mstation.terminal, mstation.operator, mstation.working_key, mstation.operator_login_failure
  FROM mstation_auditor;
