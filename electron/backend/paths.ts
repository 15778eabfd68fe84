/**
 * Where Holdfast keeps its data. Electron and browser mode use the same rule
 * (Electron's main process sets its userData path to this), so both modes see
 * the same workspaces. HOLDFAST_DATA_DIR overrides everything (tests, portable installs).
 */
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'Holdfast';

export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env.HOLDFAST_DATA_DIR;
  if (override && override.trim() !== '') return path.resolve(override);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
}

export function workspacesDir(dataDir: string): string {
  return path.join(dataDir, 'workspaces');
}
