/**
 * The Electron-only parts of workspace management, handed to the backend as hooks: the OS
 * trash for deletes, a folder dialog (open folder, save as) and a save dialog for .holdfast.
 * They run on the main thread; the backend worker calls them through its host.
 */
import { BrowserWindow, dialog, shell } from 'electron';
import type { WorkspaceHooks } from '../backend/workspaceHandlers';

function parentWindow(): BrowserWindow | undefined {
  return BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
}

export function electronWorkspaceHooks(language: () => 'zh-CN' | 'en'): WorkspaceHooks {
  const zh = () => language() !== 'en';
  return {
    trashItem: (target) => shell.trashItem(target),
    chooseFolder: async (purpose) => {
      const win = parentWindow();
      const options: Electron.OpenDialogOptions = {
        title: purpose === 'open' ? (zh() ? '打开工作区文件夹' : 'Open a workspace folder') : zh() ? '另存为：选择一个新的或空的文件夹' : 'Save as: choose a new or empty folder',
        properties: purpose === 'open' ? ['openDirectory'] : ['openDirectory', 'createDirectory', 'promptToCreate'],
      };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    chooseSavePath: async (defaultName) => {
      const win = parentWindow();
      const options: Electron.SaveDialogOptions = {
        title: zh() ? '导出工作区（.holdfast）' : 'Export the workspace (.holdfast)',
        defaultPath: defaultName,
        filters: [{ name: 'Holdfast', extensions: ['holdfast'] }],
      };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
