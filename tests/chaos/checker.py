"""The three-way checker (docs/reliability.md): what each terminal was told
(hhu-sim load --told), the station's journal and business records, and
sg186-sim's ledger. It trusts none of them: each claim one source makes is
looked up in the others.

Money transactions are PAYMENT (0202) and PREPAYMENT (0204); SG186 books them
as 011 and 013, and a reversal as 012 naming its original's serial."""
from collections import Counter, defaultdict

MONEY = ("0202", "0204")
REVERSAL = "0203"
CHARGES = ("011", "013")
NOT_CHARGED = ("reversed", "declined", "not_charged")


class Findings:
    def __init__(self):
        self.violations = []
        self.counts = Counter()

    def violate(self, text):
        self.violations.append(text)


def check(told, rows, journal_requests, stored_answers, ledger_money, recon_exit, recon_items, alerts):
    """told: the load's records; rows: business_txn as dicts; journal_requests:
    set of (tid, seq) with a request journaled; stored_answers: (tid, seq) →
    the first 16 hex digits of the SHA-256 of the response the station
    committed (terminal_request); ledger_money: the day's money
    entries of `sg186-sim ledger --day`; recon_exit: `mstation reconcile`'s
    status; recon_items: serials reported by the reconciliation; alerts:
    (kind, subject) of the alerts raised."""
    f = Findings()
    charges = {m["serial"]: m for m in ledger_money if m["txn_code"] in CHARGES}
    ledger_reversals = [m for m in ledger_money if m["txn_code"] == "012"]

    def charged(serial):
        m = charges.get(serial)
        return m is not None and not m["reversed"]

    by_key = defaultdict(list)
    by_id = {}
    by_serial = {}
    for r in rows:
        by_key[(r["tid"], r["seq"])].append(r)
        by_id[r["txn_id"]] = r
        by_serial[r["sg186_serial"]] = r
    reversal_of = {r["orig_txn_id"]: r for r in rows if r["txn"] == REVERSAL and r["orig_txn_id"] is not None}
    reported = set(recon_items) | {subject for _, subject in alerts}

    # No (terminal, SEQ) has two business records: nothing ran twice.
    for key, found in by_key.items():
        if len(found) > 1:
            f.violate(f"terminal {key[0]} SEQ {key[1]}: {len(found)} business records")

    # Station and SG186 agree on every money transaction, once it is settled.
    for r in rows:
        if r["txn"] not in MONEY:
            continue
        f.counts["station " + r["state"]] += 1
        on_books = charged(r["sg186_serial"])
        if r["state"] == "succeeded" and not on_books:
            if r["sg186_serial"] not in reported:
                f.violate(f"txn {r['txn_id']} ({r['sg186_serial']}) succeeded at the station, not charged in SG186")
        elif r["state"] in NOT_CHARGED and on_books:
            if r["sg186_serial"] not in reported:
                f.violate(f"txn {r['txn_id']} ({r['sg186_serial']}) is {r['state']} at the station, "
                          "charged in SG186 and not reported")
        elif r["state"] in ("pending", "unknown"):
            f.violate(f"txn {r['txn_id']} ({r['sg186_serial']}) left {r['state']} after the queue drained "
                      "and reconciliation ran")
        elif r["state"] == "manual" and r["sg186_serial"] not in reported:
            f.violate(f"txn {r['txn_id']} ({r['sg186_serial']}) manual and reported nowhere")

    # SG186 charged nothing the station does not know.
    for serial, m in charges.items():
        f.counts["sg186 charges"] += 1
        if m["reversed"]:
            f.counts["sg186 charges reversed"] += 1
        if serial not in by_serial:
            f.violate(f"SG186 booked {m['txn_code']} {serial} ({m['amount_fen']} fen): no station record")
    f.counts["sg186 reversals"] = len(ledger_reversals)

    # What each terminal was told holds in the station's books and SG186's.
    for t in told:
        f.counts["told " + t["code"]] += 1
        f.counts["sends"] += t["sends"]
        if len(set(t.get("answers", []))) > 1:
            f.violate(f"terminal {t['tid']} SEQ {t['seq']}: a retransmission was answered differently")
        key = (t["tid"], t["seq"])
        found = by_key.get(key, [])
        record = found[0] if found else None
        if t.get("answers") and stored_answers.get(key) != t["answers"][0]:
            f.violate(f"terminal {t['tid']} SEQ {t['seq']} was answered ({t['code']}) with bytes the station "
                      "has not committed as its answer")
        if t["code"] == "00" and key not in journal_requests:
            f.violate(f"terminal {t['tid']} SEQ {t['seq']} was told 00 but its request is not in the journal")
        if t["txn"] in MONEY:
            check_told_money(f, t, record, charges, charged, reversal_of, reported)
        elif t["txn"] == REVERSAL and t["code"] == "00":
            original = by_id.get(record["orig_txn_id"]) if record else None
            if original is None or original["state"] != "reversed" or charged(original["sg186_serial"]):
                f.violate(f"terminal {t['tid']} SEQ {t['seq']}: REVERSAL told 00, original not reversed in both books")

    if recon_exit not in (0, 1):
        f.violate(f"mstation reconcile exited {recon_exit} (0 agreed, 1 differences reported)")
    f.counts["recon exit"] = recon_exit
    f.counts["recon items"] = len(recon_items)
    return f


def check_told_money(f, t, record, charges, charged, reversal_of, reported):
    where = f"terminal {t['tid']} SEQ {t['seq']} ({t['txn']}, told {t['code']})"
    if t["code"] == "00":
        if record is None:
            f.violate(f"{where}: no business record")
            return
        if record["sg186_serial"] not in charges:
            f.violate(f"{where}: serial {record['sg186_serial']} not in SG186's ledger")
        if record["state"] == "succeeded":
            return
        asked = reversal_of.get(record["txn_id"])
        if record["state"] == "reversed" and asked is not None:
            return  # the terminal itself reversed it
        f.violate(f"{where}: the station has it {record['state']}")
    elif t["code"] == "98":
        if record is None:
            f.violate(f"{where}: no business record")
        elif charged(record["sg186_serial"]) and record["sg186_serial"] not in reported:
            f.violate(f"{where}: still charged in SG186 ({record['state']}) and not reported")
    elif t["code"] in ("no_answer", "bad_response"):
        if record is not None and charged(record["sg186_serial"]):
            f.counts["never learned, charged"] += 1  # both books agree; the electrician retransmits in the field
    elif record is not None and charged(record["sg186_serial"]):
        f.violate(f"{where}: refused to the terminal, charged in SG186 ({record['state']})")


def summary(f):
    lines = [f"  {k}: {v}" for k, v in sorted(f.counts.items())]
    return "\n".join(lines)
