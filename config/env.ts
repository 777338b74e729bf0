import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../lib/errors.js';
import { maskSecrets, secretEnvValues } from '../lib/process/mask.js';

/**
 * Loads `.env` from the working directory (or `--env-file`) into `env`,
 * quietly, never overriding a variable that is already set: the real
 * environment wins over the file. Returns the file read, if any.
 */
export async function loadEnvFile(
  cwd: string,
  envFile: string | undefined,
  env: NodeJS.ProcessEnv,
  seen: { set?: Set<string>; warn?: (line: string) => void } = {},
): Promise<string | undefined> {
  const file = resolve(cwd, envFile ?? '.env');
  if (!existsSync(file)) {
    if (envFile === undefined) return undefined;
    throw new ConfigError(`--env-file ${envFile}: no such file (looked for ${file})`, {
      hint: 'check the path, or leave --env-file out to read .env',
    });
  }
  const { parse } = await import('dotenv');
  let parsed: Record<string, string>;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
    parsed = parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: cannot be read: ${(error as Error).message}`, { hint: 'check the file is a readable KEY=value file' });
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (env[key] !== undefined) continue;
    env[key] = value;
    seen.set?.add(key);
  }
  // A credential the file holds is not quoted back, even one the environment overrides.
  const secrets = secretEnvValues(parsed);
  for (const line of malformedLines(text))
    seen.warn?.(`${envFile ?? '.env'}:${line.number}: "${maskSecrets(line.text, secrets)}" is not KEY=value; it is ignored`);
  return file;
}

// dotenv skips what it cannot read without a word; a typo there silently changes nothing.
function malformedLines(text: string): Array<{ number: number; text: string }> {
  const out: Array<{ number: number; text: string }> = [];
  let quote: string | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    if (quote) {
      if (line.includes(quote)) quote = undefined;
      return;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = /^(?:export\s+)?[\w.-]+\s*[=:]\s*(["'`]?)/.exec(trimmed);
    if (!match) return void out.push({ number: i + 1, text: trimmed.length > 60 ? `${trimmed.slice(0, 57)}...` : trimmed });
    // A quoted value may run over several lines.
    const opening = match[1];
    if (opening && trimmed.indexOf(opening, match[0].length) < 0) quote = opening;
  });
  return out;
}
