import { Command } from 'commander';
import { ApiClient, ApiError } from '../api-client';
import { credentialsPath, normalizeUrl, removeCredentials, saveCredentials } from '../config';
import { CliError, ExitCode, usageError } from '../exit-codes';
import { CliContext } from '../context';

interface Self {
  id?: string;
  name: string;
  role: string;
}

/** `twinsite login`, `logout` and `whoami`. */
export function registerLoginCommands(program: Command, ctx: CliContext): void {
  program
    .command('login')
    .description('check a token against the controller and save it for the next commands (mode 0600)')
    .option('--url <url>', 'the controller, e.g. https://twinsite.contoso.local (default: $TWINSITE_URL)')
    .option('--token <token>', 'an API token (default: $TWINSITE_TOKEN)')
    .addHelpText(
      'after',
      `\nSaved to $TWINSITE_CONFIG, else ~/.config/twinsite/credentials.json. TWINSITE_URL and TWINSITE_TOKEN, when set, win over the file.`,
    )
    .action(async (opts: { url?: string; token?: string }, cmd: Command) => {
      const out = ctx.output(cmd);
      const rawUrl = opts.url ?? ctx.env.TWINSITE_URL;
      const token = (opts.token ?? ctx.env.TWINSITE_TOKEN)?.trim();
      if (!rawUrl) throw usageError('login needs --url (or TWINSITE_URL)');
      if (!token) throw usageError('login needs --token (or TWINSITE_TOKEN)');
      const url = normalizeUrl(rawUrl);
      const client = new ApiClient({ baseUrl: url, token });
      let self: Self;
      try {
        self = await client.get<Self>('/tokens/self');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          throw new CliError(
            `the controller at ${url} refused the token (${err.code}); nothing was saved`,
            ExitCode.Auth,
            [],
            err.code,
          );
        }
        throw err;
      }
      const file = credentialsPath(ctx.env);
      saveCredentials(file, { url, token });
      if (out.json) out.printJson({ url, name: self.name, role: self.role, credentials: file });
      else out.say(`Logged in to ${url} as ${self.name} (${self.role}); credentials saved to ${file}`);
    });

  program
    .command('logout')
    .description('forget the saved credentials')
    .action((_opts: unknown, cmd: Command) => {
      const out = ctx.output(cmd);
      const file = credentialsPath(ctx.env);
      const removed = removeCredentials(file);
      if (out.json) out.printJson({ credentials: file, removed });
      else out.say(removed ? `Removed ${file}` : `No saved credentials at ${file}`);
    });

  program
    .command('whoami')
    .description('the controller and the token in use, and its role')
    .action(async (_opts: unknown, cmd: Command) => {
      const out = ctx.output(cmd);
      const client = ctx.client();
      const self = await client.get<Self>('/tokens/self');
      if (out.json) out.printJson({ url: client.baseUrl, ...self });
      else out.say(`${self.name} (${self.role}) at ${client.baseUrl}`);
    });
}
