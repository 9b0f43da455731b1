import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  credentialsPath,
  normalizeUrl,
  readCredentialsFile,
  resolveCredentials,
  saveCredentials,
} from './config';

describe('CLI configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-cli-config-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('saves credentials readable by their owner only', () => {
    const file = path.join(dir, 'nested', 'credentials.json');
    saveCredentials(file, { url: 'https://ctl', token: 'tws_1' });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    fs.chmodSync(file, 0o644);
    saveCredentials(file, { url: 'https://ctl', token: 'tws_2' });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readCredentialsFile(file)).toEqual({ url: 'https://ctl', token: 'tws_2' });
  });

  it('prefers the environment, variable by variable, over the saved file', () => {
    const file = path.join(dir, 'c.json');
    saveCredentials(file, { url: 'https://saved', token: 'saved-token' });
    expect(resolveCredentials({ TWINSITE_CONFIG: file })).toEqual({
      url: 'https://saved',
      token: 'saved-token',
    });
    expect(resolveCredentials({ TWINSITE_CONFIG: file, TWINSITE_TOKEN: 'env-token' })).toEqual({
      url: 'https://saved',
      token: 'env-token',
    });
    expect(
      resolveCredentials({
        TWINSITE_CONFIG: path.join(dir, 'none'),
        TWINSITE_URL: 'http://e:3000/',
        TWINSITE_TOKEN: 't',
      }),
    ).toEqual({ url: 'http://e:3000', token: 't' });
  });

  it('asks to log in when there is nothing to go on (exit 4)', () => {
    expect(() => resolveCredentials({ TWINSITE_CONFIG: path.join(dir, 'none') })).toThrow(
      expect.objectContaining({ exitCode: 4, message: expect.stringContaining('twinsite login') }),
    );
  });

  it('finds the file under ~/.config unless TWINSITE_CONFIG says otherwise', () => {
    expect(credentialsPath({ HOME: '/home/op' })).toBe('/home/op/.config/twinsite/credentials.json');
    expect(credentialsPath({ HOME: '/home/op', TWINSITE_CONFIG: '/etc/twinsite.json' })).toBe(
      '/etc/twinsite.json',
    );
  });

  it('accepts the controller URL as people paste it', () => {
    expect(normalizeUrl('https://twinsite.contoso.local/')).toBe('https://twinsite.contoso.local');
    expect(normalizeUrl('http://localhost:3000/api/v1/')).toBe('http://localhost:3000');
    expect(() => normalizeUrl('localhost:3000')).toThrow(expect.objectContaining({ exitCode: 1 }));
  });
});
