import { DELIVERY_BACKOFF_TYPE, deliverJobOptions, deliveryBackoff, jobIds } from './queue.contract';

describe('queue contract', () => {
  it('builds deterministic job ids without ":"', () => {
    expect(jobIds.evaluate({ group: 'checkout', slotMs: 1_700_000_000_000 })).toBe(
      'eval-checkout-1700000000000',
    );
    expect(jobIds.evaluate({ group: 'a:b c', slotMs: 5 })).toBe('eval-a%3Ab%20c-5');
    expect(jobIds.deliver({ outboxId: 'abc' })).toBe('deliver-abc');
    expect(jobIds.digest({ week: '2026-W47' })).toBe('digest-2026-W47');
  });

  const job = (delay: number) => ({ opts: { backoff: { type: DELIVERY_BACKOFF_TYPE, delay } } }) as never;

  it.each([
    [1, 1000, 1000],
    [2, 1000, 2000],
    [5, 1000, 16_000],
    [20, 1000, 600_000],
    [3, 100, 400],
  ])('backs off exponentially: attempt %d with base %d ms waits %d ms', (attempts, base, expected) => {
    expect(deliveryBackoff(attempts, DELIVERY_BACKOFF_TYPE, new Error('x'), job(base))).toBe(expected);
  });

  it("uses a 429's Retry-After instead", () => {
    const error = Object.assign(new Error('ratelimited'), { retryAfterMs: 7000 });
    expect(deliveryBackoff(1, DELIVERY_BACKOFF_TYPE, error, job(1000))).toBe(7000);
  });

  it('gives delivery jobs the custom backoff type so the worker strategy applies', () => {
    expect(deliverJobOptions(5, 250)).toMatchObject({
      attempts: 5,
      backoff: { type: DELIVERY_BACKOFF_TYPE, delay: 250 },
    });
  });
});
