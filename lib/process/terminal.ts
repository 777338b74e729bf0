/** CI and most CI systems set CI; "false" and "0" mean not set. */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * How mesh writes: live progress when stdout is a terminal and CI is not set,
 * and colour then unless NO_COLOR is set to anything but the empty string (no-color.org).
 */
export function outputMode(env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): { interactive: boolean; color: boolean } {
  const interactive = stdoutIsTTY && !isCI(env);
  return { interactive, color: interactive && !env.NO_COLOR };
}
