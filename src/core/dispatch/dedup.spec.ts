import { NotificationLogEntry, needsUpdate } from './dedup';

const HOUR = 3_600_000;
const entry = (firing: string[], resolved: string[], sentAtMs = 0): NotificationLogEntry => ({
  firing,
  resolved,
  sentAtMs,
  sends: 1,
});

describe('needsUpdate (Alertmanager DedupStage)', () => {
  it.each`
    name                                         | log                      | firing        | resolved | sendResolved | nowMs           | send     | reason
    ${'first notification with firing alerts'}   | ${undefined}             | ${['a']}      | ${[]}    | ${true}      | ${0}            | ${true}  | ${'first notification'}
    ${'nothing sent before and only resolved'}   | ${undefined}             | ${[]}         | ${['a']} | ${true}      | ${0}            | ${false} | ${'nothing firing yet'}
    ${'a new alert joins'}                       | ${entry(['a'], [])}      | ${['a', 'b']} | ${[]}    | ${false}     | ${60_000}       | ${true}  | ${'new alerts firing'}
    ${'same firing set, inside repeat interval'} | ${entry(['a', 'b'], [])} | ${['b', 'a']} | ${[]}    | ${true}      | ${HOUR}         | ${false} | ${'no change'}
    ${'a firing alert left (subset)'}            | ${entry(['a', 'b'], [])} | ${['a']}      | ${[]}    | ${false}     | ${HOUR}         | ${false} | ${'no change'}
    ${'one resolves, send_resolved'}             | ${entry(['a', 'b'], [])} | ${['a']}      | ${['b']} | ${true}      | ${HOUR}         | ${true}  | ${'alerts resolved'}
    ${'resolved already notified'}               | ${entry(['a'], ['b'])}   | ${['a']}      | ${['b']} | ${true}      | ${HOUR}         | ${false} | ${'no change'}
    ${'all resolved, send_resolved off'}         | ${entry(['a'], [])}      | ${[]}         | ${['a']} | ${false}     | ${HOUR}         | ${true}  | ${'all resolved'}
    ${'fired and resolved between flushes'}      | ${entry([], ['x'])}      | ${[]}         | ${['a']} | ${true}      | ${HOUR}         | ${false} | ${'fired and resolved between flushes'}
    ${'repeat interval exactly reached'}         | ${entry(['a'], [])}      | ${['a']}      | ${[]}    | ${true}      | ${4 * HOUR}     | ${false} | ${'no change'}
    ${'repeat interval passed'}                  | ${entry(['a'], [])}      | ${['a']}      | ${[]}    | ${true}      | ${4 * HOUR + 1} | ${true}  | ${'repeat interval elapsed'}
  `('$name', ({ log, firing, resolved, sendResolved, nowMs, send, reason }) => {
    expect(
      needsUpdate(
        log as NotificationLogEntry | undefined,
        new Set(firing as string[]),
        new Set(resolved as string[]),
        sendResolved as boolean,
        4 * HOUR,
        nowMs as number,
      ),
    ).toEqual({ send, reason });
  });
});
