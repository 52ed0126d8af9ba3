import { Job, UnrecoverableError } from 'bullmq';
import { InvalidInputError } from 'src/core/errors';
import { DIGEST_JOB } from 'src/infra/queue/queue.contract';
import { MaintenanceProcessor } from './maintenance.processor';

describe(MaintenanceProcessor.name, () => {
  const prepare = jest.fn();
  const enqueueDeliveries = jest.fn(() => Promise.resolve());
  /** The outbox, samples, partitions, rollups and retention: a digest job does not touch them. */
  const unused = undefined as never;
  const sut = new MaintenanceProcessor(
    { nowMs: () => 0 },
    unused,
    unused,
    unused,
    unused,
    unused,
    { enqueueDeliveries } as never,
    { prepare } as never,
  );
  const digestJob = { name: DIGEST_JOB, data: { week: '2026-W47' } } as Job;

  beforeEach(() => jest.clearAllMocks());

  it('enqueues the delivery of a pending digest, and counts the one it wrote', async () => {
    prepare.mockResolvedValueOnce({ entry: { id: 'o1', status: 'pending' }, added: true });
    await expect(sut.process(digestJob)).resolves.toBe(1);
    expect(prepare).toHaveBeenCalledWith('2026-W47');
    expect(enqueueDeliveries).toHaveBeenCalledWith(['o1']);
  });

  it('leaves a delivered digest alone', async () => {
    prepare.mockResolvedValueOnce({ entry: { id: 'o1', status: 'delivered' }, added: false });
    await expect(sut.process(digestJob)).resolves.toBe(0);
    expect(enqueueDeliveries).not.toHaveBeenCalled();
  });

  it('fails for good on a worker without DIGEST_TO, naming it', async () => {
    prepare.mockRejectedValueOnce(
      new InvalidInputError('the digest has no recipients', [{ where: 'DIGEST_TO', message: 'set it' }]),
    );
    const failure = sut.process(digestJob);
    await expect(failure).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(failure).rejects.toThrow('digest of 2026-W47: the digest has no recipients (DIGEST_TO)');
  });
});
