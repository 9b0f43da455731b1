import { RequestLog } from './request-log';

describe('RequestLog', () => {
  it('returns entries after a sequence number or since a time', () => {
    const log = new RequestLog();
    const a = log.append({ method: 'GET', path: '/a', apiVersion: '1', status: 200, durationMs: 1 });
    log.append({ method: 'PUT', path: '/b', apiVersion: '1', status: 201, durationMs: 1 });
    expect(log.list(String(a.seq)).map((e) => e.path)).toEqual(['/b']);
    expect(log.list(a.time).length).toBe(2);
    expect(log.list(new Date(Date.now() + 60_000).toISOString())).toEqual([]);
    log.clear();
    expect(log.list()).toEqual([]);
    expect(log.lastSeq()).toBe(2);
  });
});
