import { createContext, useContext } from 'react';
import type { Me } from '../api/types';
import { permissionsOf, type Permissions } from '../lib/permissions';

interface CurrentUser {
  me: Me;
  can: Permissions;
}

export const CurrentUserContext = createContext<CurrentUser | null>(null);

/** The signed-in user, for components under <RequireSession> (which loads it before rendering them). */
export function useCurrentUser(): CurrentUser {
  const value = useContext(CurrentUserContext);
  if (!value) throw new Error('useCurrentUser must be used under <RequireSession>');
  return value;
}

export function currentUserOf(me: Me): CurrentUser {
  return { me, can: permissionsOf(me) };
}
