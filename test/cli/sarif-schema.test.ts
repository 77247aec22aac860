/**
 * `check --format sarif` validated against the SARIF 2.1.0 JSON schema (the rtm.5 schema, the
 * final draft adopted as the OASIS standard, as Microsoft's @microsoft/jest-sarif ships it: a
 * draft-04 schema, hence ajv-draft-04), formats included (ajv-formats: `uri`, `uri-reference`), on
 * images with findings of every rule: the NixOS corpus, every broken dracut image (when built),
 * and a unit whose file name holds systemd's `\x2d` escapes, which a URI must percent-encode.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { corpusDir, REPO } from '../helpers/fixture.js';
import { formatCheckSarif, toUriReference } from '../../src/render/formats/check.js';
import { skipTitle } from '../helpers/skip.js';

const require = createRequire(import.meta.url);
// both are CommonJS modules whose default export is module.exports itself
interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
interface AjvLike {
  compile(schema: object): Validator;
}
const Ajv = require('ajv-draft-04') as new (opts: Record<string, unknown>) => AjvLike;
const addFormats = require('ajv-formats') as (ajv: AjvLike) => AjvLike;
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
// unicodeRegExp: false: the schema's `language` pattern has a stray `]` that only a non-unicode RegExp accepts
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const errorsOf = (log: unknown): string[] =>
  validate(log) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);

const sarifOf = async (source: string, ...args: string[]): Promise<{ code: number; log: { runs: Array<{ results: unknown[] }> } }> => {
  const io = memoryIo();
  const code = await main(['check', source, '--format', 'sarif', ...args], io);
  return { code, log: JSON.parse(io.out) as { runs: Array<{ results: unknown[] }> } };
};

const DRACUT = join(REPO, 'test', 'fixtures', 'build', 'dracut');
const BROKEN = ['ordering-cycle', 'default-deps-cycle', 'missing-unit', 'masked-required', 'missing-template', 'device-name-mismatch', 'leaks-into-switch-root', 'bindsto-without-after', 'unknown-directive', 'wrong-section']
  .map((r) => join(DRACUT, `broken-${r}.img`))
  .filter((f) => existsSync(f));

describe('SARIF output against the SARIF 2.1.0 schema', () => {
  it('the schema rejects what it should (the validator is live)', () => {
    expect(errorsOf({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).not.toEqual([]); // driver.name is required
    expect(errorsOf({ version: '2.0.0', runs: [] })).not.toEqual([]);
    expect(errorsOf({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a b\\c' } } }] }] }] })).not.toEqual([]);
  });

  it.each([
    ['remote-unlock-luks', join(corpusDir('remote-unlock-luks'), 'initrd')],
    ['btrfs-optin-state', join(corpusDir('btrfs-optin-state'), 'initrd')],
  ])('the NixOS corpus: %s', async (_name, source) => {
    const { code, log } = await sarifOf(source);
    expect(code).toBe(0);
    expect(errorsOf(log)).toEqual([]);
  });

  (BROKEN.length > 0 ? it : it.skip)(skipTitle(BROKEN.length > 0, 'dracut fixtures not built: bash scripts/build-dracut-fixtures.sh', 'every broken dracut image (each with findings of its rule)'), async () => {
    for (const img of BROKEN) {
      const { code, log } = await sarifOf(img);
      expect([img, code]).toEqual([img, 1 - Number(/bindsto|unknown|wrong-section/.test(img))]);
      expect(log.runs[0]?.results.length).toBeGreaterThan(0);
      expect([img, errorsOf(log)]).toEqual([img, []]);
    }
  });

  it('several sources: one run per source, an unreadable one a failed invocation, all valid', async () => {
    const io = memoryIo();
    const sources = [join(corpusDir('remote-unlock-luks'), 'initrd'), '/nonexistent/x.img', ...BROKEN.slice(0, 3)];
    const code = await main(['check', ...sources, '--format', 'sarif'], io);
    expect(code).toBe(2);
    const log = JSON.parse(io.out) as { runs: Array<{ results: unknown[]; invocations: Array<{ executionSuccessful: boolean }> }> };
    expect(log.runs.map((r) => r.invocations[0]?.executionSuccessful)).toEqual(sources.map((s) => !s.startsWith('/nonexistent')));
    expect(errorsOf(log)).toEqual([]);
  });

  it('percent-encodes file names that are not URI characters (systemd escapes, spaces)', () => {
    const finding = { rule: 'device-name-mismatch', severity: 'error' as const, units: ['dev-disk-by\\x2dlabel-a\\x20b.device'], message: 'm', location: { file: 'run/systemd/generator/dev-disk-by\\x2dlabel-a\\x20b.device.d/x y.conf', line: 3 } };
    const out = formatCheckSarif(
      { source: '/tmp/some image.img', target: 'initrd.target', units: 1, result: { findings: [finding, { rule: finding.rule, severity: finding.severity, units: finding.units, message: finding.message }], suppressed: 0, summary: { errors: 2, warnings: 0, infos: 0 } }, notes: [], diagnostics: [] },
      { rulesMeta: { 'device-name-mismatch': { defaultSeverity: 'error', description: 'd' } } },
    );
    const log = JSON.parse(out) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    expect(errorsOf(log)).toEqual([]);
    const uris = log.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri);
    expect(uris).toEqual(['run/systemd/generator/dev-disk-by%5Cx2dlabel-a%5Cx20b.device.d/x%20y.conf', 'file:///tmp/some%20image.img']);
  });

  it('keeps the path characters GitHub shows as they are, and never lets a segment read as a scheme', () => {
    expect(toUriReference('run/systemd/generator/systemd-cryptsetup@root.service')).toBe('run/systemd/generator/systemd-cryptsetup@root.service');
    expect(toUriReference('etc/a#b?c%d')).toBe('etc/a%23b%3Fc%25d');
    expect(toUriReference('a:b/c.service')).toBe('./a:b/c.service');
  });
});

interface Log {
  runs: Array<{
    originalUriBaseIds: Record<string, { uri?: string; description: { text: string } }>;
    results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } }; logicalLocations: Array<{ name: string }> }> }>;
  }>;
}
const LUKS = join(corpusDir('remote-unlock-luks'), 'initrd');

describe('SARIF locations a reviewer can follow', () => {
  it('every artifact is relative to IMAGEROOT, described in originalUriBaseIds; units are logical locations', async () => {
    const { log } = (await sarifOf(LUKS)) as unknown as { log: Log };
    const run = log.runs[0];
    expect(run?.originalUriBaseIds['IMAGEROOT']?.description.text).toContain(LUKS);
    expect(run?.originalUriBaseIds['IMAGEROOT']?.uri).toBeUndefined(); // an archive is no directory to point at
    expect(run?.originalUriBaseIds['SRCROOT']?.uri).toMatch(/^file:\/\/\/.*\/$/);
    const locs = run?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation);
    expect(locs).toEqual([
      { uri: 'etc/systemd/system/unlock-luks.service', uriBaseId: 'IMAGEROOT' },
      { uri: expect.stringMatching(/^nix\/store\/[a-z0-9]{32}-unit-script-unlock-luks-start\/bin\/unlock-luks-start$/), uriBaseId: 'IMAGEROOT' },
    ]);
    expect(run?.results[0]?.locations[0]?.logicalLocations.map((l) => l.name)).toEqual(['unlock-luks.service', 'network-online.target']);
    expect(errorsOf(log)).toEqual([]);
  });

  it('--path-map IMAGE_PREFIX=REPO_PREFIX (repeatable) points at files in the repository, relative to SRCROOT', async () => {
    const { code, log } = (await sarifOf(LUKS, '--path-map', 'etc/systemd/system=nixos/initrd-units', '--path-map', '/nix/store=store')) as unknown as { code: number; log: Log };
    expect(code).toBe(0);
    const locs = log.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation);
    expect(locs).toEqual([
      { uri: 'nixos/initrd-units/unlock-luks.service', uriBaseId: 'SRCROOT' },
      { uri: expect.stringMatching(/^store\/[a-z0-9]{32}-unit-script-unlock-luks-start\/bin\/unlock-luks-start$/), uriBaseId: 'SRCROOT' },
    ]);
    expect(errorsOf(log)).toEqual([]);
    const io = memoryIo();
    await main(['check', LUKS, '--format', 'github', '--path-map', 'etc/systemd/system/=nixos/initrd-units/'], io);
    expect(io.out).toMatch(/^::warning file=nixos\/initrd-units\/unlock-luks\.service,line=2,/m);
  });

  it('--path-map applies to every source of a fleet (SARIF runs and github annotations); before, it was dropped there', async () => {
    const io = memoryIo();
    expect(await main(['check', LUKS, LUKS, '--jobs', '1', '--format', 'sarif', '--path-map', 'etc/systemd/system=nixos/initrd-units'], io)).toBe(0);
    const log = JSON.parse(io.out) as Log;
    expect(log.runs.map((r) => r.results[0]?.locations[0]?.physicalLocation.artifactLocation)).toEqual([
      { uri: 'nixos/initrd-units/unlock-luks.service', uriBaseId: 'SRCROOT' },
      { uri: 'nixos/initrd-units/unlock-luks.service', uriBaseId: 'SRCROOT' },
    ]);
    expect(errorsOf(log)).toEqual([]);
    const gh = memoryIo();
    await main(['check', LUKS, LUKS, '--jobs', '1', '--format', 'github', '--path-map', 'etc/systemd/system/=nixos/initrd-units/'], gh);
    expect(gh.out.match(/^::warning file=nixos\/initrd-units\/unlock-luks\.service,line=2,/gm)).toHaveLength(2);
    const bad = memoryIo();
    expect(await main(['check', LUKS, LUKS, '--format', 'sarif', '--path-map', 'etc'], bad)).toBe(2);
  });

  it('a unit directory is its own IMAGEROOT; a map of the whole image (=DIR) puts every file under DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unitgraph-sarif-'));
    writeFileSync(join(dir, 'default.target'), '[Unit]\nWants=unlock.service\n');
    writeFileSync(join(dir, 'unlock.service'), '[Unit]\nAfter cryptsetup.target\n[Service]\nType=oneshot\nExecStart=/bin/true\n');
    const plain = (await sarifOf(dir)) as unknown as { log: Log };
    expect(plain.log.runs[0]?.originalUriBaseIds['IMAGEROOT']?.uri).toBe(`${pathToFileURL(dir).href}/`);
    expect(plain.log.runs[0]?.results.map((r) => [r.ruleId, r.locations[0]?.physicalLocation.artifactLocation])).toEqual([['ignored-input', { uri: 'unlock.service', uriBaseId: 'IMAGEROOT' }]]);
    const mapped = (await sarifOf(dir, '--path-map', '=units')) as unknown as { log: Log };
    expect(mapped.log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: 'units/unlock.service', uriBaseId: 'SRCROOT' });
    expect(errorsOf(mapped.log)).toEqual([]);
  });

  it('refuses a --path-map that is not IMAGE_PREFIX=REPO_PREFIX with a relative REPO_PREFIX: exit 2, one line', async () => {
    for (const bad of ['etc/systemd/system', 'etc=/abs', 'etc=../outside', 'etc=']) {
      const io = memoryIo();
      expect(await main(['check', LUKS, '--format', 'sarif', '--path-map', bad], io)).toBe(2);
      expect(io.err.trim().split('\n')).toEqual([expect.stringContaining(`--path-map ${bad}: expected IMAGE_PREFIX=REPO_PREFIX`)]);
    }
  });
});
