import * as readline from 'node:readline';
import { CliError, ExitCode } from './exit-codes';
import { Io } from './output';

/** One line from the input, or null at its end. */
export function readLine(input: NodeJS.ReadableStream): Promise<string | null> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input, terminal: false });
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      if (!answered) resolve(null);
    });
  });
}

/**
 * Asks to type `expected` (a plan or site name) before something irreversible. The
 * answer may come from a terminal or a pipe; --yes skips the question.
 */
export async function confirmByTyping(
  io: Io,
  input: NodeJS.ReadableStream,
  question: string,
  expected: string,
): Promise<void> {
  io.stderr(`${question}\nType ${expected} to confirm: `);
  const answer = await readLine(input);
  if (answer === null) {
    io.stderr('\n');
    throw new CliError(
      `not confirmed: type ${expected} when asked, or pass --yes`,
      ExitCode.Usage,
      [],
      'not-confirmed',
    );
  }
  if (answer.trim() !== expected) {
    throw new CliError(
      `not confirmed: ${JSON.stringify(answer.trim())} is not ${expected}; nothing was started`,
      ExitCode.Usage,
      [],
      'not-confirmed',
    );
  }
}
