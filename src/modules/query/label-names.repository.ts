import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { METRIC_NAME_LABEL } from 'src/core/model';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';

/** Label names and values over every stored series, for the query API (Grafana's label pickers). */
@Injectable()
export class LabelNamesRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async names(): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      'SELECT DISTINCT jsonb_object_keys(labels) AS name FROM public.series ORDER BY 1',
    );
    return rows.map((row) => row.name);
  }

  async values(name: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ value: string }>(
      name === METRIC_NAME_LABEL
        ? 'SELECT DISTINCT metric AS value FROM public.series ORDER BY 1'
        : 'SELECT DISTINCT labels->>$1 AS value FROM public.series WHERE labels ? $1 ORDER BY 1',
      name === METRIC_NAME_LABEL ? [] : [name],
    );
    return rows.map((row) => row.value);
  }
}
