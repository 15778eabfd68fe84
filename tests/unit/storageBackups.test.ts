import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupsToKeep } from '../../electron/backend/storage/backups';
import { BACKUPS_DIR, createWorkspace, listBackups, OpenWorkspace } from '../../electron/backend/storage/workspaceStore';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Local noon of a day relative to a fixed local date, plus minutes. */
function at(day: number, minutes = 0): Date {
  return new Date(2025, 0, 1 + day, 12, minutes);
}

describe('backup rotation: the last 10 saves plus one per day for 14 days', () => {
  it('keeps the 10 newest and the newest of each of the last 14 days (pure rule)', () => {
    // three saves a day for 30 days, newest first
    const infos: { id: string; time: string }[] = [];
    for (let day = 29; day >= 0; day--) for (let k = 2; k >= 0; k--) infos.push({ id: `d${day}-${k}`, time: at(day, k * 10).toISOString() });
    const keep = backupsToKeep(infos, at(29, 30));
    const expected = new Set<string>();
    infos.slice(0, 10).forEach((b) => expected.add(b.id));
    for (let day = 29; day > 29 - 14; day--) expected.add(`d${day}-2`);
    expect([...keep].sort()).toEqual([...expected].sort());
    expect(keep.size).toBe(10 + 14 - 4); // days 29..26 are already among the 10 newest
  });

  it('old days beyond the 14 are dropped unless among the 10 newest; future-dated backups count only as recent', () => {
    // one save every other day, going back 22 days, plus one dated in the future (clock changed)
    const infos = [{ id: 'future', time: at(40).toISOString() }, ...Array.from({ length: 12 }, (_, k) => ({ id: `old${k}`, time: at(-2 * k).toISOString() }))];
    const keep = backupsToKeep(infos, at(0, 30));
    expect([...keep].sort()).toEqual(['future', 'old0', 'old1', 'old2', 'old3', 'old4', 'old5', 'old6', 'old7', 'old8'].sort());
    // with only 2 recent kept, the days rule alone keeps old0..old6 (days 0, -2, …, -12)
    const byDay = backupsToKeep(infos, at(0, 30), { recent: 2, days: 14 });
    expect([...byDay].sort()).toEqual(['future', 'old0', 'old1', 'old2', 'old3', 'old4', 'old5', 'old6'].sort());
  });

  describe('in a workspace (injectable clock)', () => {
    let root: string;
    let dir: string;
    beforeEach(async () => {
      root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-backups-'));
      dir = path.join(root, 'ws');
      await createWorkspace(dir, { name: '备份', branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } }, at(0));
    });
    afterEach(async () => {
      await fs.rm(root, { recursive: true, force: true });
    });

    it('after 20 days of saves, the list is exactly what the rule keeps, each with time and size', async () => {
      let clock = at(0, 1);
      const ws = await OpenWorkspace.open('ws', dir, { now: () => clock });
      const made: string[] = [];
      for (let day = 0; day < 20; day++) {
        for (let k = 0; k < 4; k++) {
          clock = new Date(at(day).getTime() + k * HOUR);
          await ws.saveSettings({ day, k });
          made.push(clock.toISOString());
        }
      }
      const list = await ws.listBackups();
      await ws.close();
      const times = list.map((b) => b.time);
      const expected = new Set<string>(made.slice(-10));
      for (let day = 19; day > 19 - 14; day--) expected.add(new Date(at(day).getTime() + 3 * HOUR).toISOString());
      expect(new Set(times)).toEqual(expected);
      expect(times).toEqual([...times].sort().reverse()); // newest first
      for (const b of list) {
        expect(b.size).toBeGreaterThan(0);
        expect(b.reason).toBe('settings');
      }
      // the files on disk are exactly the listed ones
      const files = (await fs.readdir(path.join(dir, BACKUPS_DIR))).filter((n) => n.endsWith('.json'));
      expect(files.sort()).toEqual(list.map((b) => `${b.id}.json`).sort());
      expect((await listBackups(dir)).map((b) => b.id)).toEqual(list.map((b) => b.id));
      expect(DAY).toBe(86_400_000);
    });
  });
});
