import { Injectable } from '@nestjs/common';
import { DetectorSeriesState } from 'src/core/evaluation/anomaly-rule';
import { DetectorState } from 'src/core/detectors/detector';
import { Labels } from 'src/core/model';
import { Tx } from 'src/infra/database/transaction-runner';
import { RuleRef } from '../alerts/alert.repository';

/** The detector state of every series of an anomaly rule, read and replaced in the group's evaluation transaction. */
@Injectable()
export class DetectorStateRepository {
  async findByRule(tx: Tx, rule: RuleRef): Promise<DetectorSeriesState[]> {
    const rows = await tx.anomalyDetectorState.findMany({ where: { ...rule } });
    return rows.map((row) => ({
      fingerprint: row.fingerprint,
      labels: row.labels as Labels,
      lastTsMs: row.lastTs.getTime(),
      configHash: row.configHash,
      state: row.state as unknown as DetectorState,
    }));
  }

  /** Stores the states (one upsert per series); states of the rule not in the list are deleted. */
  async replaceForRule(tx: Tx, rule: RuleRef, states: readonly DetectorSeriesState[]): Promise<void> {
    await tx.anomalyDetectorState.deleteMany({
      where: { ...rule, fingerprint: { notIn: states.map((entry) => entry.fingerprint) } },
    });
    for (const entry of states) {
      const row = {
        labels: entry.labels,
        configHash: entry.configHash,
        lastTs: new Date(entry.lastTsMs),
        state: entry.state as object,
        updatedAt: new Date(),
      };
      await tx.anomalyDetectorState.upsert({
        where: { groupName_ruleName_fingerprint: { ...rule, fingerprint: entry.fingerprint } },
        create: { ...rule, fingerprint: entry.fingerprint, ...row },
        update: row,
      });
    }
  }
}
