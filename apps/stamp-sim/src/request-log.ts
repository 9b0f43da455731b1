// Every ARM call a stamp receives, so tests can prove which calls reached which stamp
// (for example that nothing was sent to a stamp that was down).

export interface RequestLogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  apiVersion: string | null;
  status: number | null;
  durationMs: number | null;
  /** `hung` (stamp down: hang), `dropped` (applied, then the connection was cut) */
  outcome?: 'hung' | 'dropped';
}

const CAPACITY = 20_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  append(entry: Omit<RequestLogEntry, 'seq' | 'time'>): RequestLogEntry {
    const full: RequestLogEntry = { seq: ++this.seq, time: new Date().toISOString(), ...entry };
    this.entries.push(full);
    // Trim in chunks so a benchmark's steady stream stays O(1) amortised.
    if (this.entries.length > CAPACITY * 1.25) this.entries = this.entries.slice(-CAPACITY);
    return full;
  }

  /** `since` is a sequence number (entries after it) or an ISO time (entries at or after it). */
  list(since?: string | null): RequestLogEntry[] {
    if (since === undefined || since === null || since === '') return [...this.entries];
    if (/^\d+$/.test(since)) {
      const after = Number(since);
      return this.entries.filter((e) => e.seq > after);
    }
    const from = Date.parse(since);
    if (Number.isNaN(from)) return [...this.entries];
    return this.entries.filter((e) => Date.parse(e.time) >= from);
  }

  lastSeq(): number {
    return this.seq;
  }

  total(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries = [];
  }
}
