// Test-only: reads files of the repository through node:fs without adding Node's types to the shared package
// (its code must run in workerd and browsers too). Not exported from the package.

interface NodeFs {
  readFileSync(path: object, encoding: 'utf8'): string;
}
type UrlCtor = new (path: string, base: string) => object;

const fs = (await import('node:fs' as string)) as NodeFs;
const UrlClass = (globalThis as unknown as { URL: UrlCtor }).URL;
const here = (import.meta as unknown as { url: string }).url;

/** Reads a file by its path from the repository root (`data/…`). */
export function readRepoFile(pathFromRoot: string): string {
  return fs.readFileSync(new UrlClass(`../../../${pathFromRoot}`, here), 'utf8');
}
