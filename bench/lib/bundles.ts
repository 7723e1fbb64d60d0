// What a built page loads first: the scripts an HTML file names and the chunks it preloads, with their gzip sizes,
// and the overlay's two scripts with their budgets. Used by `npm run bench` (dashboard, side panel, overlay) and by
// the dashboard's budget test.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
}

/** gzip at level 9, as a CDN serves a static asset it compressed once. */
export function sizeOf(dir: string, file: string): FileSize {
  const bytes = readFileSync(path.join(dir, file));
  return { file, bytes: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
}

/** The scripts (entry and module preloads) and style sheets an HTML page of `dir` loads before anything else. */
export function firstLoad(dir: string, html: string): { scripts: FileSize[]; styles: FileSize[]; inlineScripts: number } {
  const text = readFileSync(path.join(dir, html), 'utf8');
  const local = (src: string) => src.replace(/^\.?\//, '');
  const scripts = [...text.matchAll(/<script[^>]+src="([^"]+)"/g), ...text.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => local(m[1] ?? ''));
  const styles = [...text.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => local(m[1] ?? ''));
  return {
    scripts: [...new Set(scripts)].map((f) => sizeOf(dir, f)),
    styles: [...new Set(styles)].map((f) => sizeOf(dir, f)),
    inlineScripts: [...text.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)].length,
  };
}

export const totalGzip = (files: readonly FileSize[]) => files.reduce((sum, f) => sum + f.gzip, 0);

/**
 * The overlay's two scripts in the built extension and their gzip budgets (issue 14, ADR 0007): the loader, the
 * content script registered on the active profiles' hosts, and the chunk the background injects only where a profile
 * recognises a page (evidence, captures, the checked fields, the sweep's reading).
 */
export const OVERLAY_SCRIPTS = {
  loader: { file: 'overlay-loader.js', budget: 35 * 1024, label: 'overlay loader (the content script of profiled hosts)' },
  chunk: { file: 'overlay-more.js', budget: 15 * 1024, label: 'overlay chunk (evidence, captures, checks, sweep; only where a profile recognises a page)' },
} as const;

export type OverlaySizes = Record<keyof typeof OVERLAY_SCRIPTS, FileSize>;

/** The gzip sizes of the overlay's scripts in a built extension folder. */
export function overlaySizes(dir: string): OverlaySizes {
  return { loader: sizeOf(dir, OVERLAY_SCRIPTS.loader.file), chunk: sizeOf(dir, OVERLAY_SCRIPTS.chunk.file) };
}

/**
 * Whether built code holds Chart.js with the matrix controller (the charts chunk): minified, the package's name is
 * gone, but the controller still registers its id.
 */
export const isChartsCode = (code: string): boolean => /\.id\s*=\s*[`"']matrix[`"']/.test(code);
