/**
 * The `plenary redline` command, run for real (node bin/plenary.js) on small
 * files: the JSON contract of CONTRACTS.md, the HTML and Markdown outputs, and
 * one-line errors.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksFromMarkdown } from '../../shared/text';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'plenary.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function plenary(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const BASE_MD = `# Internationalism from Below

Whereas the workers of the world face the same employers and the same ideas;

Resolved, that the League shall send four delegations abroad during the term, each of at most twelve members.

Resolved, that the International Committee reports to the convention.
`;

const AMENDED_MD = `# Internationalism from Below

Whereas the workers of the world face the same employers, and the same ideas;

Resolved, that the League shall send five workplace delegations abroad during the term, each of at most twelve members.

Resolved, that the League shall hold an open conference of sister parties.

Resolved, that the International Committee reports to the convention.
`;

interface RedlineJson {
  baseLines: string[];
  segments: { type: 'equal' | 'delete' | 'insert'; text: string }[];
  instructions: { text: string; fromLine: number; toLine: number }[];
}

describe('plenary redline', () => {
  let dir: string;
  let base: string;
  let amended: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'plenary-cli-'));
    base = join(dir, 'base.md');
    amended = join(dir, 'amended.md');
    writeFileSync(base, BASE_MD);
    writeFileSync(amended, AMENDED_MD);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON redline in the shape scripts rely on', async () => {
    const run = await plenary('redline', base, amended, '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as RedlineJson;
    const baseText = blocksFromMarkdown(BASE_MD).map((b) => b.text).join('\n');
    const amendedText = blocksFromMarkdown(AMENDED_MD).map((b) => b.text).join('\n');

    // baseLines are the base's numbered lines: line 1 is the title, and they spell the base in order.
    expect(json.baseLines[0]).toBe('Internationalism from Below');
    expect(json.baseLines.join(' ').replace(/\s+/g, ' ')).toBe(baseText.replace(/\s+/g, ' '));
    for (const line of json.baseLines) expect([...line].length).toBeLessThanOrEqual(80);

    // Segments without inserts spell the base; without deletes the amended text.
    expect(json.segments.every((s) => ['equal', 'delete', 'insert'].includes(s.type) && typeof s.text === 'string')).toBe(true);
    expect(json.segments.filter((s) => s.type !== 'insert').map((s) => s.text).join('')).toBe(baseText);
    expect(json.segments.filter((s) => s.type !== 'delete').map((s) => s.text).join('')).toBe(amendedText);

    // Each instruction names the base lines it changes.
    expect(json.instructions.map((i) => i.text)).toEqual([
      'On line 2, after “employers”, insert a comma.',
      'On line 3, strike “four” and insert “five workplace”.',
      'After line 4, insert a new resolved clause: “Resolved, that the League shall hold an open conference of sister parties.”',
    ]);
    for (const instruction of json.instructions) {
      expect(instruction.fromLine).toBeGreaterThanOrEqual(1);
      expect(instruction.toLine).toBeGreaterThanOrEqual(instruction.fromLine);
      expect(instruction.toLine).toBeLessThanOrEqual(json.baseLines.length);
    }
    expect(json.baseLines[2]).toContain('four');
  });

  it('numbers lines at the width asked for', async () => {
    const json = JSON.parse((await plenary('redline', base, amended, '--format', 'json', '--width', '30')).stdout) as RedlineJson;
    expect(json.baseLines.length).toBeGreaterThan(8);
    for (const line of json.baseLines) expect([...line].length).toBeLessThanOrEqual(30);
  });

  it('marks deletions with <del> and insertions with <ins> in HTML, written to a file with -o', async () => {
    const out = join(dir, 'redline.html');
    const run = await plenary('redline', base, amended, '--format', 'html', '-o', out);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<del>four</del><ins>five workplace</ins>');
    expect(html).toContain('<li>On line 3, strike “four” and insert “five workplace”.</li>');
  });

  it('prints Markdown, and takes the format from the output file name', async () => {
    const md = await plenary('redline', base, amended, '--format', 'md');
    expect(md.stdout).toContain('`3` Resolved, that the League shall send ~~four~~<ins>five workplace</ins>');
    const out = join(dir, 'out.json');
    await plenary('redline', base, amended, '-o', out);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('baseLines');
  });

  it('fails with one clear line and a non-zero exit for a missing file, a bad format or a bad width', async () => {
    const missing = await plenary('redline', join(dir, 'nope.md'), amended, '--format', 'json');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toBe(`plenary: cannot read ${join(dir, 'nope.md')}: no such file\n`);
    expect(missing.stdout).toBe('');

    const format = await plenary('redline', base, amended, '--format', 'rtf');
    expect(format.code).not.toBe(0);
    expect(format.stderr).toBe('plenary: unknown format "rtf"; use one of html, md, json, docx, pdf\n');

    const width = await plenary('redline', base, amended, '--width', 'wide');
    expect(width.code).not.toBe(0);
    expect(width.stderr).toMatch(/^plenary: --width must be a whole number/);

    const usage = await plenary('redline', base);
    expect(usage.code).not.toBe(0);
    expect(usage.stderr).toContain("missing required argument 'amended'");
    for (const run of [missing, format, width, usage]) expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('lists its commands in --help', async () => {
    const help = await plenary('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/redline \[options\] <base> <amended>/);
  });
});
