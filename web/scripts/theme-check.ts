/**
 * Theme Check (`@shopify/theme-check-node`, the theme-app-extension config of `.theme-check.yml`) on the storefront
 * widget, run by `./loyale test`; fails on errors, prints warnings:
 *   node --import tsx web/scripts/theme-check.ts [extension dir]
 * Offline by design: the library's own runner first downloads the latest Liquid docs and schemas from GitHub (and
 * only falls back to the copy bundled with `@shopify/theme-check-docs-updater` when that fails). This runner does
 * what that runner does, but reads the bundled copy directly, so it never touches the network.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// Theme Check's engine (`check` over a loaded theme) is theme-check-node's own dependency; the node package re-exports
// everything else of it but shadows `check` with its (downloading) runner.
import { check } from '@shopify/theme-check-common';
import {
  extractDocDefinition,
  filePathSupportsLiquidDoc,
  getThemeAndConfig,
  isBlock,
  isSection,
  JSONValidator,
  memo,
  NodeFileSystem,
  Severity,
  SourceCodeType,
  toSchema,
  type FilterEntry,
  type JsonValidationSet,
  type Mode,
  type ObjectEntry,
  type Offense,
  type SchemaDefinition,
  type TagEntry,
  type ThemeDocset,
  type Translations,
} from '@shopify/theme-check-node';
import { WIDGET_DIR } from './widget-assets.js';

/** Theme Check's bundled snapshot of Shopify/theme-liquid-docs (filters, objects, tags, JSON schemas). */
const require = createRequire(import.meta.url);
const DOCS_DIR = join(dirname(require.resolve('@shopify/theme-check-docs-updater/package.json')), 'data');
/** Where the docs' JSON schemas are published; only used as their URIs (the validator keys schemas by URI). */
const SCHEMA_ROOT = 'https://raw.githubusercontent.com/Shopify/theme-liquid-docs/main/schemas';
const MANIFESTS: Record<Mode, string> = { app: 'manifest_theme_app_extension', theme: 'manifest_theme' };

const readDocs = async <T>(name: string): Promise<T> => JSON.parse(await readFile(join(DOCS_DIR, `${name}.json`), 'utf8')) as T;

/** The bundled docs as Theme Check's docset and JSON schema source. */
const bundledDocs: ThemeDocset & JsonValidationSet = {
  filters: memo(() => readDocs<FilterEntry[]>('filters')),
  objects: memo(() => readDocs<ObjectEntry[]>('objects')),
  liquidDrops: memo(() => readDocs<ObjectEntry[]>('objects')),
  tags: memo(() => readDocs<TagEntry[]>('tags')),
  systemTranslations: memo(() => readDocs<Translations>('shopify_system_translations')),
  async schemas(mode: Mode): Promise<SchemaDefinition[]> {
    const manifest = await readDocs<{ schemas: { uri: string; fileMatch?: string[] }[] }>(MANIFESTS[mode]);
    return Promise.all(
      manifest.schemas.map(async ({ uri, fileMatch }) => ({
        uri: `${SCHEMA_ROOT}/${uri}`,
        ...(fileMatch && { fileMatch }),
        // The bundle keeps every schema flat under data/, by file name.
        schema: await readFile(join(DOCS_DIR, basename(uri)), 'utf8'),
      })),
    );
  },
};

/** Runs every check of the config on the theme (or extension) at `root`, as `themeCheckRun` does. */
export async function runThemeCheck(root: string): Promise<Offense[]> {
  const { theme, config } = await getThemeAndConfig(root);
  const validator = await JSONValidator.create(bundledDocs, config);
  const isValidSchema = validator?.isValid;
  const schemaOf = (filter: (uri: string) => boolean) =>
    new Map(
      theme
        .filter((source) => filter(source.uri))
        .map((source) => [basename(source.uri, '.liquid'), memo(() => toSchema(config.context, source.uri, source, isValidSchema))]),
    );
  const blocks = schemaOf(isBlock);
  const sections = schemaOf(isSection);
  const docs = new Map(
    theme.map((file) => [
      relative(root, fileURLToPath(file.uri)),
      memo(async () =>
        file.type === SourceCodeType.LiquidHtml && !(file.ast instanceof Error) && filePathSupportsLiquidDoc(file.uri)
          ? extractDocDefinition(file.uri, file.ast)
          : undefined,
      ),
    ]),
  );
  /* eslint-disable @typescript-eslint/no-explicit-any -- the library types each lookup by schema kind; its runner casts the same way */
  return check(theme, config, {
    fs: NodeFileSystem,
    themeDocset: bundledDocs,
    jsonValidationSet: bundledDocs,
    getSectionSchema: async (name) => (await sections.get(name)?.()) as any,
    getBlockSchema: async (name) => (await blocks.get(name)?.()) as any,
    getAppBlockSchema: async (name) => (await blocks.get(name)?.()) as any,
    getDocDefinition: async (path) => docs.get(path)?.(),
  });
  /* eslint-enable @typescript-eslint/no-explicit-any */
}

const SEVERITY = { [Severity.ERROR]: 'error', [Severity.WARNING]: 'warning', [Severity.INFO]: 'info' } as const;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? WIDGET_DIR);
  const offenses = await runThemeCheck(root);
  for (const offense of offenses) {
    const where = `${relative(process.cwd(), fileURLToPath(offense.uri))}:${offense.start.line + 1}:${offense.start.character + 1}`;
    console.log(`${where} ${SEVERITY[offense.severity]} ${offense.check}: ${offense.message}`);
  }
  const errors = offenses.filter((o) => o.severity === Severity.ERROR).length;
  console.log(`theme check: ${relative(process.cwd(), root) || '.'}: ${errors} errors, ${offenses.length - errors} warnings or notes`);
  if (errors > 0) process.exit(1);
}
