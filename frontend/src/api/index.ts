import { createApi } from './client';

/** The one API of the app: same origin, session in localStorage. */
export const api = createApi();
export const { client } = api;
