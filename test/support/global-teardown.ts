import * as fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as any).__TWINSITE_EMBEDDED_PG__;
  if (!embedded) return;
  await embedded.handle.stop();
  fs.rmSync(embedded.dataDir, { recursive: true, force: true });
}
