// k3d's logrus output, as its commands print it.
import { Out } from '../common.js';
import type { Json } from '../types.js';

/** k3d's logrus logger: INFO/DEBU on stdout, the rest on stderr. */
export class Log {
  colored: Json;
  out: Json;
  fatal: boolean;

  constructor(out: Out, env: NodeJS.ProcessEnv) {
    this.out = out;
    const colors = env.LOG_COLORS;
    this.colored = colors === undefined || !/^(0|f|false)$/i.test(colors);
    this.fatal = false;
  }
  line(level: string, message: string) {
    const text = String(message).replace(/\n$/, '');
    const colors: Record<string, number> = { INFO: 36, DEBU: 37, WARN: 33, ERRO: 31, FATA: 31 };
    let line;
    if (this.colored) {
      line = `\x1b[${colors[level]}m${level}\x1b[0m[0000] ${text.padEnd(44)} \n`;
    } else {
      const names: Record<string, string> = { INFO: 'info', DEBU: 'debug', WARN: 'warning', ERRO: 'error', FATA: 'fatal' };
      const quote = (s: Json) => (/^[A-Za-z0-9\-._/@^+]+$/.test(s) ? s : JSON.stringify(s));
      line = `time=${quote(new Date().toISOString().replace(/\.\d+Z$/, 'Z'))} level=${names[level]} msg=${quote(text)}\n`;
    }
    if (level === 'INFO' || level === 'DEBU') this.out.out(line);
    else this.out.err(line);
  }
  info(message: string) {
    this.line('INFO', message);
  }
  warn(message: string) {
    this.line('WARN', message);
  }
  error(message: string) {
    this.line('ERRO', message);
  }
  /** Fatal: logs and ends the command with exit code 1. */
  fatal_(message: string) {
    this.line('FATA', message);
    this.out.code = 1;
    return this.out.result();
  }
}
