import type { ToolName } from './command.js';

/**
 * A failure's summary followed by the last lines the tool printed, each
 * prefixed with the tool's name, so a user sees mesh's words first and the
 * tool's own evidence under them.
 */
export function withToolOutput(summary: string, tool: ToolName, output: string | readonly string[], keep = 10): string {
  const lines = (typeof output === 'string' ? output.trim().split('\n') : output).filter((line) => line.trim() !== '');
  if (lines.length === 0) return summary;
  return `${summary}\n${lines
    .slice(-keep)
    .map((line) => `  ${tool}: ${line}`)
    .join('\n')}`;
}
