/** Kubernetes' DNS-1123 label: what target, cluster and namespace names must be. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isDnsLabel(name: string, max = 63): boolean {
  return name.length <= max && DNS_LABEL.test(name);
}

export function isDnsSubdomain(name: string, max = 253): boolean {
  return name.length <= max && DNS_SUBDOMAIN.test(name);
}

/** k3d prefixes cluster names with `k3d-` and derives host names from them, so it caps them at 32. */
export const MAX_CLUSTER_NAME = 32;

/** Helm stores releases in Secrets named after them and caps release names at 53. */
export const MAX_RELEASE_NAME = 53;

/** Why `name` is not a valid DNS-1123 label, and a valid name close to it. */
export function labelProblem(name: string, max = 63): string | undefined {
  if (isDnsLabel(name, max)) return undefined;
  const fixed = suggestLabel(name, max);
  const rule = `must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most ${max} characters`;
  return fixed && fixed !== name ? `"${name}" ${rule}; try "${fixed}"` : `"${name}" ${rule}`;
}

function suggestLabel(name: string, max: number): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}
