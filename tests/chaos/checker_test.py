#!/usr/bin/env python3
"""The three-way checker finds each kind of violation it claims to find, and
none in books that agree. Pure data: no processes."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checker  # noqa: E402

TID = "51010001"


def told(seq, txn, code, answers=("AAAA000000000001",), **extra):
    return dict(tid=TID, seq=seq, txn=txn, kind="pay", code=code, secured=bool(answers), sends=1,
                answers=list(answers), **extra)


def row(txn_id, seq, txn, state, serial, orig=None):
    return dict(txn_id=txn_id, tid=TID, seq=seq, txn=txn, customer="0001", amount_fen=1000, state=state,
                sg186_serial=serial, orig_txn_id=orig, response_code="00")


def charge(serial, reversed_=False, code="011"):
    return dict(serial=serial, txn_code=code, amount_fen=1000, reversed=reversed_)


class Books:
    """Books that agree: a payment told 00 and charged; a payment told 98,
    reversed in both; a reversal told 00 of a third payment."""

    def __init__(self):
        self.told = [told(1, "0202", "00", ("D1" * 8,)), told(2, "0202", "98", ("D2" * 8,)),
                     told(3, "0202", "00", ("D3" * 8,)), told(4, "0203", "00", ("D4" * 8,))]
        self.rows = [row(1, 1, "0202", "succeeded", "S1"), row(2, 2, "0202", "reversed", "S2"),
                     row(3, 3, "0202", "reversed", "S3"), row(4, 4, "0203", "succeeded", "S4", orig=3)]
        self.journal = {(TID, 1), (TID, 2), (TID, 3), (TID, 4)}
        self.stored = {(TID, 1): "D1" * 8, (TID, 2): "D2" * 8, (TID, 3): "D3" * 8, (TID, 4): "D4" * 8}
        self.ledger = [charge("S1"), charge("S2", True), charge("S3", True), charge("R2", code="012"),
                       charge("S4", code="012")]
        self.recon_exit = 0
        self.items = []
        self.alerts = []

    def check(self):
        return checker.check(self.told, self.rows, self.journal, self.stored, self.ledger, self.recon_exit,
                             self.items, self.alerts).violations


class CheckerTest(unittest.TestCase):
    def test_books_that_agree_have_no_violation(self):
        self.assertEqual(Books().check(), [])

    def test_a_payment_told_00_missing_from_the_ledger_is_a_violation(self):
        b = Books()
        b.ledger = [m for m in b.ledger if m["serial"] != "S1"]
        self.assertTrue(any("not in SG186's ledger" in v for v in b.check()))

    def test_a_seq_with_two_business_records_is_a_violation(self):
        b = Books()
        b.rows.append(row(9, 1, "0202", "succeeded", "S9"))
        b.ledger.append(charge("S9"))
        self.assertTrue(any("2 business records" in v for v in b.check()))

    def test_a_charge_the_station_does_not_know_is_a_violation(self):
        b = Books()
        b.ledger.append(charge("S77"))
        self.assertTrue(any("no station record" in v for v in b.check()))

    def test_a_98_still_charged_and_unreported_is_a_violation_and_reported_is_not(self):
        b = Books()
        b.ledger = [charge("S2") if m["serial"] == "S2" else m for m in b.ledger]
        b.rows[1]["state"] = "manual"
        self.assertTrue(any("still charged in SG186" in v for v in b.check()))
        b.items = ["S2"]
        self.assertEqual(b.check(), [])

    def test_a_record_left_unknown_is_a_violation(self):
        b = Books()
        b.rows[1]["state"] = "unknown"
        self.assertTrue(any("left unknown" in v for v in b.check()))

    def test_retransmissions_answered_differently_are_a_violation(self):
        b = Books()
        b.told[0]["answers"] = ["D1" * 8, "EE" * 8]
        self.assertTrue(any("answered differently" in v for v in b.check()))

    def test_an_answer_the_station_did_not_commit_is_a_violation(self):
        b = Books()
        del b.stored[(TID, 3)]
        self.assertTrue(any("has not committed" in v for v in b.check()))

    def test_told_00_without_its_request_journaled_is_a_violation(self):
        b = Books()
        b.journal.discard((TID, 1))
        self.assertTrue(any("not in the journal" in v for v in b.check()))

    def test_a_reversal_told_00_whose_original_stays_charged_is_a_violation(self):
        b = Books()
        b.ledger = [charge("S3") if m["serial"] == "S3" else m for m in b.ledger]
        self.assertTrue(any("original not reversed" in v for v in b.check()))

    def test_a_refusal_that_was_charged_is_a_violation(self):
        b = Books()
        b.told[0]["code"] = "51"
        b.rows[0]["state"] = "declined"
        self.assertTrue(any("refused to the terminal, charged" in v for v in b.check()))

    def test_a_reconciliation_that_could_not_run_is_a_violation(self):
        b = Books()
        b.recon_exit = 2
        self.assertTrue(any("reconcile exited 2" in v for v in b.check()))


if __name__ == "__main__":
    unittest.main()
