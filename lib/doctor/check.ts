/** One finding of `mesh doctor`: what was checked, whether it passed, and how to fix it. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  /** A failing blocking check stops `mesh up` before it touches anything. */
  blocking: boolean;
  detail: string;
  /** How to fix it, when it fails. */
  fix?: string;
}

/** One line per check (✔ pass, ✖ blocking failure, ! warning), a failure's fix under it. */
export function formatChecks(checks: readonly DoctorCheck[], indent = ''): string {
  return checks
    .map(
      (c) =>
        `${indent}${c.ok ? '✔' : c.blocking ? '✖' : '!'} ${c.name}: ${c.detail}${!c.ok && c.fix ? `\n${indent}    fix: ${c.fix}` : ''}`,
    )
    .join('\n');
}
