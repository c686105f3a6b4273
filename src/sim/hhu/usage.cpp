#include "usage.hpp"

namespace mstation::hhu_sim {

const char* const usage_text =
    "usage: hhu-sim run --server HOST:PORT --bind IP --tid TID --tmk-file FILE [--state FILE]\n"
    "               [--operator ID] STEP...\n"
    "       hhu-sim day --server HOST:PORT --bind IP --tid TID --tmk-file FILE --operator ID\n"
    "               --segment SEG [--state FILE]\n"
    "sign-on reads the operator's password from the first line of standard input (so does day).\n"
    "With --state the SEQ, the working keys and today's money transactions are kept between\n"
    "runs (file mode 0600); settle reports those transactions.\n"
    "\n"
    "STEP (TXN of hhu-protocol.md; amounts in fen, readings in 0.01 kWh,\n"
    "      STATUS 0 normal, 1 register rolled over, 2 running backwards):\n"
    "  sign-on | sign-off | echo                                  0001 0002 0003\n"
    "  reading-tasks=SEGMENT[:PAGE[:PAGE_SIZE]]                   0101\n"
    "  upload=SEGMENT:CUSTOMER:METER:READING[:STATUS[:ANOMALY]]   0102 (read now)\n"
    "  anomaly=CUSTOMER:METER:CODE[:NOTE]                         0103\n"
    "  estimate=CUSTOMER:READING[:STATUS]                         0104\n"
    "  arrears=CUSTOMER                                           0201\n"
    "  pay=CUSTOMER:AMOUNT_FEN                                    0202\n"
    "  reverse=ORIG_SEQ:CUSTOMER:AMOUNT_FEN                       0203\n"
    "  prepay=CUSTOMER:AMOUNT_FEN                                 0204\n"
    "  reprint=TXN_ID                                             0205\n"
    "  stats[=YYYY-MM-DD]                                         0206 (default today)\n"
    "  settle                                                     0207 (today's, from --state)\n"
    "  dunning-tasks=SEGMENT[:PAGE[:PAGE_SIZE]]                   0301\n"
    "  notice=CUSTOMER                                            0302\n"
    "  outage=CUSTOMER                                            0303\n"
    "  card=CUSTOMER:METER:AMOUNT_FEN:CARD_SERIAL:PURCHASE_COUNT  0401\n"
    "  card-confirm=TXN_ID:yes|no                                 0402\n"
    "\n"
    "day: a scripted working day of one electrician in segment SEG (sign on, readings,\n"
    "collection, dunning, settlement, sign off); exits 1 naming each step that failed.\n"
    "Exit status: 0 every step answered 00 (day: as expected), 1 otherwise, 2 bad command line.\n";

}  // namespace mstation::hhu_sim
