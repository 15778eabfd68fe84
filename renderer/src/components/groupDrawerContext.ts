/** Any list or chart opens a group's detail through this, so the drawer lives in one place. */
import { createContext, useContext } from 'react';

export const GroupDrawerContext = createContext<(groupCode: string) => void>(() => undefined);

export function useOpenGroup(): (groupCode: string) => void {
  return useContext(GroupDrawerContext);
}
