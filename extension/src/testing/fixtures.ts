// Loads the HTML fixtures of tests/fixtures/anchoring into the test document (happy-dom's Range only works on the
// global document), attaching declarative shadow roots, and the fixture site profile.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SiteProfileSchema, type SiteProfile } from '@onestop/shared';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../tests/fixtures/anchoring');

export const fixtureText = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

export function loadHtml(html: string): Document {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const doc = document;
  doc.title = parsed.title;
  doc.head.replaceWith(doc.importNode(parsed.head, true));
  doc.body.replaceWith(doc.importNode(parsed.body, true));
  for (const tpl of Array.from(doc.querySelectorAll('template[shadowrootmode]'))) {
    const host = tpl.parentElement;
    if (!host) continue;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = tpl.innerHTML;
    tpl.remove();
  }
  return doc;
}

export const loadFixture = (name: string) => loadHtml(fixtureText(name));

export const fixtureProfile = (): SiteProfile => SiteProfileSchema.parse(JSON.parse(fixtureText('site-profile.json')));
