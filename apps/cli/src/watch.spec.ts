import { ApiClient } from './api-client';
import { Io, Output } from './output';
import { eventLine, outcomeOf, progressEvents, Snapshot, watch } from './watch';

const at = new Date('2025-11-26T10:00:00Z');

describe('failover watch', () => {
  it('reports the run and the steps that started, then one line per change, nothing when nothing changed', () => {
    const first: Snapshot = {
      id: 'run-1',
      state: 'running',
      steps: [
        { id: 's1', name: 'database: promote pay-db-01', state: 'running' },
        { id: 's2', name: 'web: fail over pay-web-01', state: 'pending' },
      ],
    };
    expect(progressEvents(null, first, at).map(eventLine)).toEqual([
      '2025-11-26T10:00:00.000Z step database: promote pay-db-01: running',
      '2025-11-26T10:00:00.000Z run run-1: running',
    ]);
    expect(progressEvents(first, first, at)).toEqual([]);
    const second: Snapshot = {
      id: 'run-1',
      state: 'failed',
      steps: [
        { id: 's1', name: 'database: promote pay-db-01', state: 'succeeded' },
        {
          id: 's2',
          name: 'web: fail over pay-web-01',
          state: 'failed',
          error: { message: 'quota exceeded for Standard_D4_v2' },
        },
      ],
    };
    expect(progressEvents(first, second, at).map(eventLine)).toEqual([
      '2025-11-26T10:00:00.000Z step database: promote pay-db-01: running → succeeded',
      '2025-11-26T10:00:00.000Z step web: fail over pay-web-01: pending → failed (quota exceeded for Standard_D4_v2)',
      '2025-11-26T10:00:00.000Z run run-1: running → failed',
    ]);
  });

  it('labels steps without a name by group, phase and kind', () => {
    const events = progressEvents(
      null,
      {
        id: 'r',
        state: 'running',
        steps: [
          { id: 'x', group: 'web', phase: 'before', kind: 'manual-approval', state: 'waiting-for-approval' },
        ],
      },
      at,
    );
    expect(eventLine(events[0])).toBe(
      '2025-11-26T10:00:00.000Z step web before manual-approval: waiting-for-approval',
    );
  });

  it.each([
    ['failed-over', 'succeeded'],
    ['committed', 'succeeded'],
    ['cleaned-up', 'succeeded'],
    ['failed', 'failed'],
    ['cleanup-failed', 'failed'],
    ['cancelled', 'failed'],
    ['partially-failed', 'failed'],
    ['running', null],
    ['waiting-for-approval', null],
  ])('a run in %s has %s', (state, outcome) => {
    expect(outcomeOf(state)).toBe(outcome);
  });

  it('polls until the run ends, exits 0 when it failed over and 8 when it failed, and rides out a short outage', async () => {
    const answers: Array<Snapshot | 'down'> = [
      { id: 'r', state: 'preflight', steps: [] },
      'down',
      { id: 'r', state: 'running', steps: [{ id: 'a', name: 'group app', state: 'running' }] },
      { id: 'r', state: 'failed-over', steps: [{ id: 'a', name: 'group app', state: 'succeeded' }] },
    ];
    const run = async (script: Array<Snapshot | 'down'>) => {
      const queue = [...script];
      const client = new ApiClient({
        baseUrl: 'http://ctl',
        token: 't',
        fetch: async () => {
          const next = queue.shift()!;
          if (next === 'down')
            throw new TypeError('fetch failed', {
              cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' },
            });
          return new Response(JSON.stringify(next), { status: 200 });
        },
      });
      const io = {
        out: '',
        err: '',
        stdout: (t: string) => void (io.out += t),
        stderr: (t: string) => void (io.err += t),
      } as Io & { out: string; err: string };
      let clock = 0;
      const code = await watch(client, '/failovers/r', new Output('table', io), {
        sleep: async () => void (clock += 1000),
        now: () => new Date(at.getTime() + clock),
      });
      return { code, io };
    };
    const ok = await run(answers);
    expect(ok.code).toBe(0);
    expect(
      ok.io.out
        .trim()
        .split('\n')
        .map((l) => l.replace(/^\S+ /, '')),
    ).toEqual([
      'run r: preflight',
      'step group app: running',
      'run r: preflight → running',
      'step group app: running → succeeded',
      'run r: running → failed-over',
    ]);
    expect(ok.io.err).toContain(
      'lost contact with the controller (cannot reach the controller at http://ctl: connect ECONNREFUSED); retrying',
    );

    const failed = await run([
      { id: 'r', state: 'running' },
      { id: 'r', state: 'failed' },
    ]);
    expect(failed.code).toBe(8);
  });
});
