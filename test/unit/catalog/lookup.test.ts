import { describe, expect, it } from 'vitest';
import { CATALOG, canonicalReason, lookupReason, UNCLASSIFIED } from '../../../lambdas/core/catalog/index.js';
import { FORMER_SPELLINGS, SPEC_CODES } from './fixtures.js';

describe('CATALOG', () => {
  it('has exactly one entry for every documented code', () => {
    const codes = CATALOG.map((entry) => entry.code);
    for (const code of SPEC_CODES) {
      expect(
        codes.filter((c) => c === code),
        code,
      ).toHaveLength(1);
    }
  });

  it('holds the 34 documented codes plus the S3 on Outposts code and nothing else', () => {
    expect(CATALOG.map((entry) => entry.code).sort()).toEqual([...SPEC_CODES, 'DstOutOfCapacity'].sort());
  });

  it('never lists a spelling twice across codes and former spellings', () => {
    const spellings = CATALOG.flatMap((entry) => [entry.code, ...entry.formerSpellings]);
    expect(new Set(spellings).size).toBe(spellings.length);
  });

  it('is sorted by code', () => {
    const codes = CATALOG.map((entry) => entry.code);
    expect(codes).toEqual([...codes].sort());
  });
});

describe('lookupReason', () => {
  it.each(SPEC_CODES)('resolves %s to its own entry', (code) => {
    const lookup = lookupReason(code);

    expect(lookup).toMatchObject({ failureReason: code, canonicalReason: code, known: true });
    expect(lookup.entry.code).toBe(code);
  });

  it.each(Object.entries(FORMER_SPELLINGS))('maps the former spelling %s to %s', (former, current) => {
    const lookup = lookupReason(former);

    expect(lookup.known).toBe(true);
    expect(lookup.failureReason).toBe(former);
    expect(lookup.canonicalReason).toBe(current);
    expect(lookup.entry.code).toBe(current);
    expect(lookup.entry.formerSpellings).toContain(former);
  });

  it('resolves the S3 on Outposts code DstOutOfCapacity as a capacity problem', () => {
    const lookup = lookupReason('DstOutOfCapacity');

    expect(lookup.known).toBe(true);
    expect(lookup.entry.category).toBe('capacity');
    expect(lookup.entry.outpostsOnly).toBe(true);
  });

  it('tolerates the trailing space the AWS page writes after DstVersionNotFound', () => {
    const lookup = lookupReason('DstVersionNotFound ');

    expect(lookup.known).toBe(true);
    expect(lookup.canonicalReason).toBe('DstVersionNotFound');
    expect(lookup.failureReason).toBe('DstVersionNotFound ');
  });

  it('tolerates surrounding whitespace of any kind', () => {
    expect(lookupReason('\t DstPutObjNotPermitted \n').canonicalReason).toBe('DstPutObjectNotPermitted');
  });

  it('treats an unknown code as unclassified with the general checklist', () => {
    const lookup = lookupReason('DstSomethingNewNotPermitted');

    expect(lookup).toMatchObject({
      failureReason: 'DstSomethingNewNotPermitted',
      canonicalReason: 'DstSomethingNewNotPermitted',
      known: false,
    });
    expect(lookup.entry).toBe(UNCLASSIFIED);
    expect(lookup.entry.category).toBe('unclassified');
    expect(lookup.entry.severity).toBe('warning');
  });

  it('matches case-sensitively', () => {
    expect(lookupReason('dstbucketunversioned').known).toBe(false);
    expect(lookupReason('DSTBUCKETUNVERSIONED').known).toBe(false);
  });

  it('does not resolve object prototype names or the empty string', () => {
    for (const code of ['constructor', '__proto__', 'toString', 'hasOwnProperty', '', '   ']) {
      expect(lookupReason(code).known, JSON.stringify(code)).toBe(false);
    }
  });

  it('does not resolve the unclassified entry code itself as known', () => {
    expect(lookupReason('unclassified').known).toBe(false);
  });
});

describe('canonicalReason', () => {
  it('returns the current spelling for a former one', () => {
    expect(canonicalReason('SrcGetObjNotPermitted')).toBe('SrcGetObjectNotPermitted');
  });

  it('returns a current code unchanged', () => {
    expect(canonicalReason('AssumeRoleNotPermitted')).toBe('AssumeRoleNotPermitted');
  });

  it('returns an unknown code trimmed', () => {
    expect(canonicalReason('  NewReason ')).toBe('NewReason');
  });
});
