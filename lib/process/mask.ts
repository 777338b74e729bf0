import type { Command } from './command.js';

const MASK = '******';

/** Flags whose next argument is a credential, in the tools mesh drives. */
const SECRET_FLAGS = new Set(['--password', '--token', '--pass', '--key-password', '--client-key-data']);

/** Environment variables whose values are credentials by name. */
const SECRET_ENV = /(TOKEN|PASSWORD|PASSWD|SECRET|CREDENTIAL|API_KEY|PRIVATE_KEY)/i;

/**
 * Values to hide from output: those the caller names, those passed after a
 * credential flag, and those of credential-like environment variables.
 */
export function secretsOf(command: Pick<Command, 'args' | 'env' | 'secrets'>): string[] {
  const found = new Set(command.secrets ?? []);
  command.args.forEach((arg, i) => {
    const eq = arg.indexOf('=');
    if (eq > 0 && SECRET_FLAGS.has(arg.slice(0, eq))) found.add(arg.slice(eq + 1));
    const next = command.args[i + 1];
    if (SECRET_FLAGS.has(arg) && next !== undefined) found.add(next);
  });
  for (const [name, value] of Object.entries(command.env ?? {})) {
    if (SECRET_ENV.test(name) && value) found.add(value);
  }
  return [...found].filter((value) => value.length >= 3);
}

/** Values of credential-like variables (`DB_PASSWORD`, `GITHUB_TOKEN`, ...), from the environment or `.env`. */
export function secretEnvValues(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_ENV.test(name) && value !== undefined && value.length >= 3)
    .map(([, value]) => value!);
}

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(MASK);
  }
  return out;
}

/** A copy-pasteable rendering of a command, with secrets masked. */
export function formatCommand(command: Pick<Command, 'bin' | 'args' | 'env' | 'secrets' | 'input'>, extra: readonly string[] = []): string {
  const secrets = [...secretsOf({ args: command.args, env: command.env, secrets: command.secrets }), ...extra];
  const words = [command.bin, ...command.args].map(shellQuote).join(' ');
  const line = command.input !== undefined && command.args.includes('-') ? `${words} <<stdin` : words;
  return maskSecrets(line, secrets);
}

function shellQuote(word: string): string {
  if (word === '') return "''";
  if (/^[A-Za-z0-9_\-+=.,/:@%^]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
