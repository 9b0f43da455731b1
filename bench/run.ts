import * as os from 'node:os';
import { BenchRow, printTable } from './bench-table';
import { benchColdStart } from './controller-cold-start';
import { benchFailover } from './failover';
import { benchLag } from './lag';
import { benchPairsList } from './pairs-list';
import { benchSiteFailover } from './site-failover';

/**
 * `npm run bench`: every measurement the issues ask for, printed as one table with
 * the machine it ran on. Nothing here is a pass/fail test; the README keeps the
 * latest numbers.
 */
const SECTIONS: Array<[string, () => Promise<BenchRow[]>]> = [
  ['controller cold start', benchColdStart],
  ['pairs list latency', benchPairsList],
  ['lag sampling', benchLag],
  ['failover', benchFailover],
  ['site failover', benchSiteFailover],
];

async function main(): Promise<void> {
  const only = process.argv[2];
  const rows: BenchRow[] = [];
  for (const [name, run] of SECTIONS) {
    if (only && !name.includes(only)) continue;
    process.stderr.write(`bench: ${name}...\n`);
    rows.push(...(await run()));
  }
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
  printTable(rows);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
