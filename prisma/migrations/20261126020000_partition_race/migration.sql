-- Two sessions creating the same daily partition at once: the loser's statement snapshot predates the winner's
-- commit, so its re-check after the advisory lock cannot see the new table and CREATE fails with duplicate_table.
-- That outcome is what the caller wanted, so it is not an error.
CREATE OR REPLACE FUNCTION public.forewarn_ensure_sample_partition(day DATE) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  part TEXT := format('samples_%s', to_char(day, 'YYYYMMDD'));
BEGIN
  IF to_regclass(format('public.%I', part)) IS NOT NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('forewarn_sample_partitions'));
  BEGIN
    EXECUTE format(
      'CREATE TABLE public.%I PARTITION OF public.samples FOR VALUES FROM (%L) TO (%L)',
      part,
      (day::timestamp AT TIME ZONE 'UTC'),
      ((day + 1)::timestamp AT TIME ZONE 'UTC')
    );
  EXCEPTION WHEN duplicate_table THEN
    NULL;
  END;
END;
$$;
