import * as crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Twinsite-Signature';

/** `sha256=<hex HMAC-SHA256 of the raw body>`. */
export function signBody(secret: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface PostResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  ms: number;
}

/**
 * One POST of a JSON body, signed when there is a secret. The delivery id lets a
 * receiver drop the duplicates an at-least-once engine can send after a crash.
 */
export async function postJson(
  url: string,
  payload: object,
  options: { secret?: string; timeoutMs: number; deliveryId: string; event: string; signal?: AbortSignal },
): Promise<PostResult> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'Twinsite-Failover/1',
    'X-Twinsite-Event': options.event,
    'X-Twinsite-Delivery': options.deliveryId,
    'X-Twinsite-Timestamp': String(Math.floor(Date.now() / 1000)),
  };
  if (options.secret) headers[SIGNATURE_HEADER] = signBody(options.secret, body);
  const started = Date.now();
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.any(signals),
    });
    const text = (await response.text().catch(() => '')).slice(0, 300).trim();
    const ok = response.status >= 200 && response.status < 300;
    return {
      ok,
      status: response.status,
      error: ok ? null : `HTTP ${response.status}${text ? `: ${text}` : ''}`,
      ms: Date.now() - started,
    };
  } catch (error) {
    const e = error as any;
    const message =
      e?.name === 'TimeoutError' || e?.name === 'AbortError'
        ? `no answer within ${options.timeoutMs} ms`
        : String(e?.cause?.code ?? e?.message ?? e);
    return { ok: false, status: null, error: message, ms: Date.now() - started };
  }
}
