import * as fs from 'node:fs';
import * as https from 'node:https';
import { startStampSim } from './index';

// `npm run sim`: the two simulated stamps, configured from the environment.
//   STAMP_A_PORT (8443), STAMP_B_PORT (8444)            ARM + login ports
//   STAMP_A_ADMIN_PORT, STAMP_B_ADMIN_PORT (port+1000)  always-up /_sim ports
//   STAMP_A_SUBSCRIPTION_ID, STAMP_B_SUBSCRIPTION_ID    override the fixed default GUIDs
//   STAMP_A_LOCATION (east), STAMP_B_LOCATION (west)
//   SIM_DATA_DIR (.data/sim)                            where the CA lives
//   SIM_SEED_FILE                                       YAML/JSON estate seeded into both stamps at start
//   SIM_LATENCY_MS (300)                                default long-running-operation latency
//   SIM_HOST (127.0.0.1)

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a port number, got '${raw}'`);
  return value;
}

function post(
  url: string,
  ca: string,
  body: string,
  contentType: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: 'POST', ca, headers: { 'Content-Type': contentType } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const portA = intEnv('STAMP_A_PORT', 8443);
  const portB = intEnv('STAMP_B_PORT', 8444);
  const sim = await startStampSim({
    dataDir: process.env.SIM_DATA_DIR ?? '.data/sim',
    host: process.env.SIM_HOST ?? '127.0.0.1',
    defaultLatencyMs: intEnv('SIM_LATENCY_MS', 300),
    stamps: [
      {
        name: 'stamp-a',
        port: portA,
        adminPort: intEnv('STAMP_A_ADMIN_PORT', portA === 0 ? 0 : portA + 1000),
        location: process.env.STAMP_A_LOCATION ?? 'east',
        subscriptionId: process.env.STAMP_A_SUBSCRIPTION_ID || undefined,
      },
      {
        name: 'stamp-b',
        port: portB,
        adminPort: intEnv('STAMP_B_ADMIN_PORT', portB === 0 ? 0 : portB + 1000),
        location: process.env.STAMP_B_LOCATION ?? 'west',
        subscriptionId: process.env.STAMP_B_SUBSCRIPTION_ID || undefined,
      },
    ],
  });

  const seedFile = process.env.SIM_SEED_FILE;
  if (seedFile) {
    // Through the admin API, like any other client, so a bad seed is reported the same way.
    const text = fs.readFileSync(seedFile, 'utf8');
    for (const stamp of sim.stamps) {
      const { status, text: answer } = await post(
        `${stamp.adminUrl}/_sim/seed`,
        sim.caPem,
        text,
        'application/yaml',
      );
      if (status >= 300) {
        if (!answer.includes('has no section for stamp')) {
          await sim.stop();
          throw new Error(`seeding ${stamp.name} from ${seedFile} failed (${status}): ${answer}`);
        }
      } else {
        console.log(`seeded ${stamp.name} from ${seedFile}: ${answer}`);
      }
    }
  }

  for (const stamp of sim.stamps) {
    console.log(
      `${stamp.name}  ${stamp.url}  (location ${stamp.location}, subscription ${stamp.subscriptionId}, admin ${stamp.adminUrl}/_sim)`,
    );
  }
  console.log(`CA certificate: ${sim.caPath}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the stamp simulator`);
    sim.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
