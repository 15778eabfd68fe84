/** A short application menu in Chinese (items in menuTemplate.ts). */
import { Menu } from 'electron';
import { menuTemplate } from './menuTemplate';

export function buildMenu(devTools: boolean): Menu {
  return Menu.buildFromTemplate(menuTemplate({ platform: process.platform, devTools }));
}
