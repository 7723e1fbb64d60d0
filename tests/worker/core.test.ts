// The Worker core: health, the OpenAPI document and problem+json for every kind of bad request.
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

const BASE = 'http://onestop.test';
const call = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${BASE}${path}`, init));

async function expectProblem(res: Response, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, title: expect.any(String), type: expect.stringMatching(/^urn:onestop:problem:/) });
  if (code) expect(body.code).toBe(code);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  return body;
}

describe('GET /api/v1/health', () => {
  it('answers 200 with D1 ok and the applied schema version', async () => {
    const res = await call('/api/v1/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; d1: string; schema_version: number };
    expect(body.status).toBe('ok');
    expect(body.d1).toBe('ok');
    expect(body.schema_version).toBeGreaterThanOrEqual(1);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('sends secure default headers', async () => {
    const res = await call('/api/v1/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document listing the health route', async () => {
    const res = await call('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown>; info: { title: string } };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('OneStop Audit API');
    expect(Object.keys(doc.paths)).toContain('/api/v1/health');
  });
});

describe('bad requests get problem+json, never a 500', () => {
  it('unknown route -> 404', async () => {
    await expectProblem(await call('/api/v1/no-such-route'), 404, 'route_not_found');
  });

  it('malformed JSON -> 400', async () => {
    const res = await call('/api/v1/health', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{bad' });
    // health has no POST: the route is unknown before the body is read
    expect([400, 404]).toContain(res.status);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('wrong content type -> 415', async () => {
    await expectProblem(
      await call('/api/v1/anything', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }),
      415,
      'unsupported_media_type',
    );
  });

  it('oversized body -> 413', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) });
    await expectProblem(
      await call('/api/v1/anything', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }),
      413,
      'body_too_large',
    );
  });
});
