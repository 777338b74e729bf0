/**
 * How Kubernetes reads an unquoted YAML scalar. kubectl and the API server
 * read YAML with sigs.k8s.io/yaml, which resolves plain scalars as go-yaml v2
 * does (YAML 1.1 flavoured): `yes`, `on` and `y` are booleans, `012` is octal,
 * `1_000` is an integer, and a timestamp stays a string. mesh reads chart
 * output and writes objects by these rules, so what it checks and writes is
 * what a cluster will see.
 */

export type KubeScalar = null | boolean | number | string;

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS: Record<string, number> = {
  '.nan': NaN,
  '.NaN': NaN,
  '.NAN': NaN,
  '.inf': Infinity,
  '.Inf': Infinity,
  '.INF': Infinity,
  '+.inf': Infinity,
  '+.Inf': Infinity,
  '+.INF': Infinity,
  '-.inf': -Infinity,
  '-.Inf': -Infinity,
  '-.INF': -Infinity,
};

/** Go's strconv.ParseInt(s, 0, 64) syntax: sign, then 0x, 0o, 0b, a leading 0 (octal), or decimal. */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
/** go-yaml v2's guard before strconv.ParseFloat. */
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What strconv.ParseFloat takes after a leading `.` (go-yaml v2 tries any such text). */
const GO_FLOAT_DOT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;

/** The value Kubernetes reads from a plain (unquoted) scalar. */
export function kubeScalar(text: string): KubeScalar {
  const first = text[0];
  if (text === '' || NULL.has(text)) return null;
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  if (first === '.' || first === '+' || first === '-') {
    const special = SPECIAL_FLOATS[text];
    if (special !== undefined) return special;
    if (first === '.') return GO_FLOAT_DOT.test(text) ? Number(text) : text;
  }
  if (first !== undefined && /[-+0-9]/.test(first)) {
    const plain = text.replace(/_/g, '');
    if (GO_INT.test(plain)) return goInt(plain);
    if (YAML_FLOAT.test(plain)) return Number(plain);
    const binary = /^(-?)0b([01]+)$/.exec(plain);
    if (binary) return (binary[1] ? -1 : 1) * parseInt(binary[2]!, 2);
  }
  return text;
}

/** True when the plain scalar `text` reads back as this very string. */
export function readsAsString(text: string): boolean {
  return kubeScalar(text) === text;
}

function goInt(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.replace(/^[-+]/, '');
  if (/^0[xX]/.test(digits)) return sign * parseInt(digits.slice(2), 16);
  if (/^0[oO]/.test(digits)) return sign * parseInt(digits.slice(2), 8);
  if (/^0[bB]/.test(digits)) return sign * parseInt(digits.slice(2), 2);
  if (/^0[0-7]+$/.test(digits)) return sign * parseInt(digits.slice(1), 8);
  return sign * parseInt(digits, 10);
}
