// A small case-insensitive path router. ARM paths are matched segment by segment;
// literal segments compare case-insensitively as ARM does, parameters keep the caller's
// casing (resource names are case-preserving).

interface CompiledRoute<T> {
  method: string;
  segments: Array<{ literal: string } | { param: string }>;
  spec: T;
}

export interface RouteMatch<T> {
  spec: T;
  params: Record<string, string>;
}

export class Router<T> {
  private readonly byLength = new Map<number, Array<CompiledRoute<T>>>();

  add(method: string, pattern: string, spec: T): this {
    const segments = splitPath(pattern).map((s) =>
      s.startsWith(':') ? { param: s.slice(1) } : { literal: s.toLowerCase() },
    );
    const list = this.byLength.get(segments.length) ?? [];
    list.push({ method: method.toUpperCase(), segments, spec });
    this.byLength.set(segments.length, list);
    return this;
  }

  /** `pathMatched` tells a 405-worthy miss (path known, method not) from a 404. */
  match(method: string, segments: string[]): { match?: RouteMatch<T>; pathMatched: boolean } {
    const candidates = this.byLength.get(segments.length);
    if (!candidates) return { pathMatched: false };
    const lower = segments.map((s) => s.toLowerCase());
    let pathMatched = false;
    for (const route of candidates) {
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < route.segments.length; i++) {
        const seg = route.segments[i];
        if ('literal' in seg) {
          if (seg.literal !== lower[i]) {
            ok = false;
            break;
          }
        } else {
          params[seg.param] = segments[i];
        }
      }
      if (!ok) continue;
      pathMatched = true;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { match: { spec: route.spec, params }, pathMatched };
      }
    }
    return { pathMatched };
  }
}

export function splitPath(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split('/')) {
    if (raw.length === 0) continue;
    try {
      out.push(decodeURIComponent(raw));
    } catch {
      out.push(raw);
    }
  }
  return out;
}
