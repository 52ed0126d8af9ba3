-- Rollups of samples for long windows (a 28-day SLO reads a few dozen rows per series instead of 160,000 samples). Written by hand in Prisma's layout; keep schema.prisma in sync.
--
-- Every level holds, per series and bucket, what an exact counter summary needs besides count, sum, min, max and
-- last: the first sample and the sum of the values before every drop inside the bucket. Buckets are left-open like
-- PromQL ranges: the bucket starting at `bucket` holds the samples with bucket < ts <= bucket + width, so a range
-- `(start, end]` on bucket boundaries is exactly a run of buckets. Levels: 1 minute and 5 minutes (the issue's), then
-- 1 hour and 1 day, which keep a 28-day read to a few dozen rows per series (`npm run bench:slo`). Each level is made
-- from the one below it and range-partitioned by month on `bucket`, so that retention drops whole partitions.

CREATE TABLE public.sample_rollups_1m (
  series_id   INTEGER NOT NULL,
  bucket      TIMESTAMPTZ(3) NOT NULL,
  count       INTEGER NOT NULL,
  sum         DOUBLE PRECISION NOT NULL,
  min         DOUBLE PRECISION NOT NULL,
  max         DOUBLE PRECISION NOT NULL,
  first_ts    TIMESTAMPTZ(3) NOT NULL,
  first_value DOUBLE PRECISION NOT NULL,
  last_ts     TIMESTAMPTZ(3) NOT NULL,
  last_value  DOUBLE PRECISION NOT NULL,
  reset_sum   DOUBLE PRECISION NOT NULL,
  CONSTRAINT sample_rollups_1m_pkey PRIMARY KEY (series_id, bucket)
) PARTITION BY RANGE (bucket);

CREATE TABLE public.sample_rollups_5m (
  series_id   INTEGER NOT NULL,
  bucket      TIMESTAMPTZ(3) NOT NULL,
  count       INTEGER NOT NULL,
  sum         DOUBLE PRECISION NOT NULL,
  min         DOUBLE PRECISION NOT NULL,
  max         DOUBLE PRECISION NOT NULL,
  first_ts    TIMESTAMPTZ(3) NOT NULL,
  first_value DOUBLE PRECISION NOT NULL,
  last_ts     TIMESTAMPTZ(3) NOT NULL,
  last_value  DOUBLE PRECISION NOT NULL,
  reset_sum   DOUBLE PRECISION NOT NULL,
  CONSTRAINT sample_rollups_5m_pkey PRIMARY KEY (series_id, bucket)
) PARTITION BY RANGE (bucket);

CREATE TABLE public.sample_rollups_1h (
  series_id   INTEGER NOT NULL,
  bucket      TIMESTAMPTZ(3) NOT NULL,
  count       INTEGER NOT NULL,
  sum         DOUBLE PRECISION NOT NULL,
  min         DOUBLE PRECISION NOT NULL,
  max         DOUBLE PRECISION NOT NULL,
  first_ts    TIMESTAMPTZ(3) NOT NULL,
  first_value DOUBLE PRECISION NOT NULL,
  last_ts     TIMESTAMPTZ(3) NOT NULL,
  last_value  DOUBLE PRECISION NOT NULL,
  reset_sum   DOUBLE PRECISION NOT NULL,
  CONSTRAINT sample_rollups_1h_pkey PRIMARY KEY (series_id, bucket)
) PARTITION BY RANGE (bucket);

CREATE TABLE public.sample_rollups_1d (
  series_id   INTEGER NOT NULL,
  bucket      TIMESTAMPTZ(3) NOT NULL,
  count       INTEGER NOT NULL,
  sum         DOUBLE PRECISION NOT NULL,
  min         DOUBLE PRECISION NOT NULL,
  max         DOUBLE PRECISION NOT NULL,
  first_ts    TIMESTAMPTZ(3) NOT NULL,
  first_value DOUBLE PRECISION NOT NULL,
  last_ts     TIMESTAMPTZ(3) NOT NULL,
  last_value  DOUBLE PRECISION NOT NULL,
  reset_sum   DOUBLE PRECISION NOT NULL,
  CONSTRAINT sample_rollups_1d_pkey PRIMARY KEY (series_id, bucket)
) PARTITION BY RANGE (bucket);

-- Samples not rolled up yet: every sample write adds, in its own transaction, one row per hour it touches, with
-- the time span and the series it wrote. The rollup job recomputes the buckets they cover and deletes them in one
-- transaction, so in any snapshot a bucket is either exact or covered by a row here; readers use rollups only
-- before the earliest row (later buckets are read raw). Rows are short-lived: the job runs every minute.
CREATE TABLE public.sample_rollup_dirty (
  id         BIGSERIAL PRIMARY KEY,
  min_ts     TIMESTAMPTZ(3) NOT NULL,
  max_ts     TIMESTAMPTZ(3) NOT NULL,
  series_ids INTEGER[] NOT NULL
);

-- Creates the monthly partition of a rollup level (`1m`, `5m`, `1h` or `1d`) holding `month` (UTC) if it is missing.
-- Safe to call concurrently: a concurrent creator's duplicate_table is the outcome the caller wanted.
CREATE FUNCTION public.forewarn_ensure_rollup_partition(width TEXT, month DATE) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  first_day DATE := date_trunc('month', month)::date;
  part TEXT := format('sample_rollups_%s_%s', width, to_char(first_day, 'YYYYMM'));
BEGIN
  IF width NOT IN ('1m', '5m', '1h', '1d') THEN
    RAISE EXCEPTION 'unknown rollup width "%"', width;
  END IF;
  IF to_regclass(format('public.%I', part)) IS NOT NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('forewarn_rollup_partitions'));
  BEGIN
    EXECUTE format(
      'CREATE TABLE public.%I PARTITION OF public.%I FOR VALUES FROM (%L) TO (%L)',
      part,
      format('sample_rollups_%s', width),
      (first_day::timestamp AT TIME ZONE 'UTC'),
      ((first_day + interval '1 month')::timestamp AT TIME ZONE 'UTC')
    );
  EXCEPTION WHEN duplicate_table THEN
    NULL;
  END;
END;
$$;
