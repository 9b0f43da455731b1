import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchSimulator } from '../../apps/stamp-sim/src/bench';
import { startStampSim } from '../../apps/stamp-sim/src';
import { admin, raw, trustCa } from './support';

// Starting and stopping the simulator: its CA, its certificate, its ports, its options.

describe('stamp simulator: lifecycle', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stamp-sim-life-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('writes its CA to dataDir/ca.pem and reuses it across restarts', async () => {
    const first = await startStampSim({ dataDir, stamps: [{ name: 'solo', port: 0, location: 'north' }] });
    expect(first.caPath).toBe(path.join(dataDir, 'ca.pem'));
    expect(fs.readFileSync(first.caPath, 'utf8')).toBe(first.caPem);
    await first.stop();
    const second = await startStampSim({ dataDir, stamps: [{ name: 'solo', port: 0, location: 'north' }] });
    try {
      expect(second.caPem).toBe(first.caPem);
      trustCa(second.caPem);
      const stamp = second.stamp('solo');
      // The certificate names both 127.0.0.1 and localhost.
      const viaIp = await raw(`${stamp.url}/metadata/endpoints?api-version=2015-01-01`, 'GET', {
        token: null,
      });
      expect(viaIp.status).toBe(200);
      const viaName = await raw(
        `https://localhost:${stamp.port}/metadata/endpoints?api-version=2015-01-01`,
        'GET',
        { token: null },
      );
      expect(viaName.status).toBe(200);
      // A client that does not trust the CA is refused at the TLS handshake.
      await expect(raw(`${stamp.url}/metadata/endpoints`, 'GET', { token: null, ca: '' })).rejects.toThrow();
    } finally {
      await second.stop();
    }
  });

  it('uses the subscription IDs and locations it is given, with fixed defaults otherwise', async () => {
    const sim = await startStampSim({
      dataDir,
      stamps: [
        { name: 'stamp-a', port: 0, location: 'east' },
        {
          name: 'stamp-b',
          port: 0,
          location: 'west',
          subscriptionId: 'abcdefab-0000-0000-0000-000000000001',
        },
      ],
    });
    try {
      trustCa(sim.caPem);
      expect(sim.stamp('stamp-a').subscriptionId).toBe('11111111-1111-1111-1111-111111111111');
      expect(sim.stamp('STAMP-B').subscriptionId).toBe('abcdefab-0000-0000-0000-000000000001');
      expect(sim.stamps.map((s) => s.location)).toEqual(['east', 'west']);
      const info = await admin(sim.stamp('stamp-b'), 'GET', '');
      expect(info.body).toMatchObject({ name: 'stamp-b', url: sim.stamp('stamp-b').url, caPath: sim.caPath });
      expect(() => sim.stamp('stamp-z')).toThrow(/stamp-z/);
    } finally {
      await sim.stop();
    }
  });

  it('releases its ports when stopped', async () => {
    const sim = await startStampSim({ dataDir, stamps: [{ name: 'solo', port: 0, location: 'north' }] });
    trustCa(sim.caPem);
    const stamp = sim.stamp('solo');
    await sim.stop();
    await expect(raw(`${stamp.url}/metadata/endpoints`, 'GET', { token: null })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    await expect(raw(`${stamp.adminUrl}/_sim`, 'GET', { token: null })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('measures the ARM operations per second it sustains', async () => {
    const result = await benchSimulator({ durationMs: 400, concurrency: 4 });
    expect(result.errors).toBe(0);
    expect(result.operations).toBeGreaterThan(0);
    expect(result.writes).toBeGreaterThan(0);
    expect(result.opsPerSecond).toBeGreaterThan(0);
  });
});
