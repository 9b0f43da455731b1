import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError, ExitCode, usageError } from './exit-codes';

/** Where the controller is and who we are to it. */
export interface Credentials {
  url: string;
  token: string;
}

export type Env = Record<string, string | undefined>;

/** `$TWINSITE_CONFIG`, else `~/.config/twinsite/credentials.json`. */
export function credentialsPath(env: Env = process.env): string {
  if (env.TWINSITE_CONFIG) return path.resolve(env.TWINSITE_CONFIG);
  return path.join(env.HOME || os.homedir(), '.config', 'twinsite', 'credentials.json');
}

/**
 * The controller's base URL as typed (`https://twinsite.contoso.local/`, even with
 * `/api/v1` at the end) reduced to its origin and path prefix.
 */
export function normalizeUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw usageError(`${JSON.stringify(input)} is not a URL (expected e.g. https://twinsite.contoso.local)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`${input} is not an http(s) URL`);
  }
  url.search = '';
  url.hash = '';
  return url
    .toString()
    .replace(/\/+$/, '')
    .replace(/\/api\/v1$/, '');
}

export function readCredentialsFile(file: string): Partial<Credentials> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`, ExitCode.Auth);
  }
  try {
    const parsed = JSON.parse(text);
    return {
      url: typeof parsed.url === 'string' ? parsed.url : undefined,
      token: typeof parsed.token === 'string' ? parsed.token : undefined,
    };
  } catch {
    throw new CliError(`${file} is not valid JSON: run \`twinsite login\` again`, ExitCode.Auth);
  }
}

/** Writes the credentials readable by their owner only (0600, in a 0700 directory). */
export function saveCredentials(file: string, credentials: Credentials): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify({ url: credentials.url, token: credentials.token }, null, 2) + '\n', {
    mode: 0o600,
  });
  fs.chmodSync(temp, 0o600);
  fs.renameSync(temp, file);
}

export function removeCredentials(file: string): boolean {
  try {
    fs.unlinkSync(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * `TWINSITE_URL` and `TWINSITE_TOKEN` from the environment, each falling back to
 * the file `twinsite login` wrote.
 */
export function resolveCredentials(env: Env = process.env): Credentials {
  const file = credentialsPath(env);
  const envUrl = env.TWINSITE_URL?.trim();
  const envToken = env.TWINSITE_TOKEN?.trim();
  const saved = envUrl && envToken ? {} : readCredentialsFile(file);
  const url = envUrl || saved.url;
  const token = envToken || saved.token;
  if (!url || !token) {
    throw new CliError(
      'not logged in: run `twinsite login --url URL --token TOKEN`, or set TWINSITE_URL and TWINSITE_TOKEN',
      ExitCode.Auth,
      [],
      'not-logged-in',
    );
  }
  return { url: normalizeUrl(url), token };
}
