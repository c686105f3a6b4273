-- SG186 serial numbers (sg186-interface.md §2: SERIAL is unique for the
-- agency, forever). The master station sends YYYYMMDD + 12 digits; the 12
-- digits come from this sequence, so they stay unique across restarts and
-- across instances sharing the database. Never reset it.
CREATE SEQUENCE mstation.sg186_serial_seq AS bigint MINVALUE 1 MAXVALUE 999999999999 NO CYCLE;
GRANT USAGE ON SEQUENCE mstation.sg186_serial_seq TO mstation_app;
