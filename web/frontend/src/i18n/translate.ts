import type en from '../locales/en.json';

/** The app's strings: en.json is the reference, de.json has the same keys (a test checks it). */
export type Messages = typeof en;

type Plural = { one: string; other: string };

/** Dotted paths to plain strings, e.g. `dashboard.title`. */
export type MessageKey = KeysOf<Messages, 'string'>;
/** Dotted paths to `{one, other}` pairs, e.g. `customer.points`. */
export type PluralKey = KeysOf<Messages, 'plural'>;

type KeysOf<T, Kind extends 'string' | 'plural', Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? Kind extends 'string'
      ? `${Prefix}${K}`
      : never
    : T[K] extends Plural
      ? Kind extends 'plural'
        ? `${Prefix}${K}`
        : never
      : KeysOf<T[K], Kind, `${Prefix}${K}.`>;
}[keyof T & string];

export type Vars = Record<string, string | number>;

function lookup(messages: Messages, key: string): unknown {
  let node: unknown = messages;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

/** `{name}` placeholders replaced by `vars`; an unknown key shows as itself, so a gap is visible, not fatal. */
export function interpolate(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

export function translate(messages: Messages, key: MessageKey, vars?: Vars): string {
  const template = lookup(messages, key);
  return typeof template === 'string' ? interpolate(template, vars) : key;
}

export function translatePlural(messages: Messages, rules: Intl.PluralRules, key: PluralKey, count: number, vars: Vars = {}): string {
  const forms = lookup(messages, key) as Plural | undefined;
  if (!forms) return key;
  const form = rules.select(count) === 'one' ? forms.one : forms.other;
  return interpolate(form, { ...vars, count: vars.count ?? count });
}
