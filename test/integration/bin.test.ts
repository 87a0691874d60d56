import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the replication-doctor binary', () => {
  it('runs through npx --no-install right after npm ci, with stdout holding only the JSON', () => {
    const result = spawnSync(
      'npx',
      ['--no-install', 'replication-doctor', 'explain', 'DstBucketUnversioned', '--json'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
      },
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ code: 'DstBucketUnversioned', category: 'versioning' });
  });

  it('exits 2 with one line on stderr for a user mistake', () => {
    const result = spawnSync(
      'npx',
      ['--no-install', 'replication-doctor', 'diagnose', '--event', 'missing.json', '--offline'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
