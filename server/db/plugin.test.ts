import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../config';
import { build } from '../app';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('DATABASE_URL', () => {
  it('is read from the environment, and anything but a postgres:// URL is refused', () => {
    expect(configFromEnv({ DATABASE_URL: 'postgres://plenary@db/plenary' }).options.databaseUrl).toBe('postgres://plenary@db/plenary');
    expect(configFromEnv({}).options.databaseUrl).toBeUndefined();
    expect(() => configFromEnv({ DATABASE_URL: 'mysql://db/plenary' })).toThrow(/postgres:\/\//);
  });

  it('stops the server at start when its PostgreSQL cannot be reached, rather than quietly using SQLite', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plenary-test-'));
    try {
      await expect(build({ dataDir, logger: false, databaseUrl: 'postgres://plenary@127.0.0.1:1/none' })).rejects.toThrow(/ECONNREFUSED/);
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
