-- 006: `mstation maintain` (docs/operations.md, "Partitions and retention").

-- Makes sure PARENT has the partition for the UTC+8 calendar month containing
-- MONTH. Rows of that month already waiting in PARENT's default partition
-- (PostgreSQL refuses to create a month while its default partition holds
-- rows of it) are moved into the new month in the same transaction: the
-- default partition is detached, the month created, the rows copied through
-- the parent and removed from the detached default, which is attached again.
-- Detaching drops the default's cloned append-only triggers and attaching
-- clones them back, so nothing is ever deleted from a partition in place.
-- Returns the partition's name, whether it was created, and the rows moved.
CREATE FUNCTION mstation.ensure_month_partition(parent text, month date,
                                                OUT partition text, OUT created boolean, OUT moved bigint)
  LANGUAGE plpgsql AS $$
DECLARE
  first_day date := date_trunc('month', month)::date;
  lo timestamptz := first_day::timestamp AT TIME ZONE 'Asia/Shanghai';
  hi timestamptz := (first_day + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai';
  parent_oid regclass := ('mstation.' || quote_ident(parent))::regclass;
  key text;
  fallback regclass;
BEGIN
  partition := parent || '_y' || to_char(first_day, 'YYYY') || 'm' || to_char(first_day, 'MM');
  created := false;
  moved := 0;
  IF to_regclass('mstation.' || quote_ident(partition)) IS NOT NULL THEN
    RETURN;
  END IF;
  SELECT a.attname, nullif(p.partdefid, 0)::regclass INTO key, fallback
    FROM pg_partitioned_table p
    JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
   WHERE p.partrelid = parent_oid;
  IF fallback IS NOT NULL THEN
    EXECUTE format('SELECT count(*) FROM %s WHERE %I >= $1 AND %I < $2', fallback, key, key) INTO moved USING lo, hi;
  END IF;
  IF moved > 0 THEN
    EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', parent_oid, fallback);
  END IF;
  EXECUTE format('CREATE TABLE mstation.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                 partition, parent_oid, lo, hi);
  IF moved > 0 THEN
    EXECUTE format('INSERT INTO %s SELECT * FROM %s WHERE %I >= $1 AND %I < $2', parent_oid, fallback, key, key)
      USING lo, hi;
    EXECUTE format('DELETE FROM %s WHERE %I >= $1 AND %I < $2', fallback, key, key) USING lo, hi;
    EXECUTE format('ALTER TABLE %s ATTACH PARTITION %s DEFAULT', parent_oid, fallback);
  END IF;
  created := true;
END
$$;
