/**
 * k3d runs its config file through Go's os.ExpandEnv before reading it, and
 * os.ExpandEnv has no escape: `$VAR`, `${VAR}` and even `$$` are replaced, so
 * a `$` in a k3s argument, an env value or a registry password would be
 * silently changed. mesh writes each `$` as a reference to a variable whose
 * value is `$` and hands k3d that variable: the expansion gives back exactly
 * what the config said.
 */
export const DOLLAR_VARIABLE = 'K3D_MESH_DOLLAR';

/** The config text k3d will expand back to `yaml`. */
export function protectDollars(yaml: string): string {
  const reference = '${' + DOLLAR_VARIABLE + '}';
  return yaml.replaceAll('$', reference);
}

/** The environment k3d needs for a protected config; none when it has no `$`. */
export function dollarEnv(yaml: string): Record<string, string> | undefined {
  return yaml.includes('$') ? { [DOLLAR_VARIABLE]: '$' } : undefined;
}
