/**
 * The unsaved edits of a report, kept in localStorage as the user types, so a reload, a closed tab
 * or a failed save loses nothing. Keyed by user and report: a shared computer does not show one
 * official's draft to another.
 */
import type { Drafts } from './figures';

export interface LocalDraft {
  /** The server version the edits started from. */
  version: number;
  savedAt: number;
  figures: Drafts;
  narrative: Record<string, string>;
}

const PREFIX = 'qcdc.report-draft';

function isDraft(value: unknown): value is LocalDraft {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.version === 'number' && typeof v.savedAt === 'number'
    && typeof v.figures === 'object' && v.figures !== null
    && typeof v.narrative === 'object' && v.narrative !== null;
}

export interface DraftStore {
  load(userId: number, submissionId: number): LocalDraft | null;
  save(userId: number, submissionId: number, draft: LocalDraft): void;
  clear(userId: number, submissionId: number): void;
}

export function createDraftStore(storage: Storage | null): DraftStore {
  const key = (userId: number, submissionId: number) => `${PREFIX}.${userId}.${submissionId}`;
  return {
    load(userId, submissionId) {
      try {
        const raw = storage?.getItem(key(userId, submissionId));
        const parsed: unknown = raw ? JSON.parse(raw) : null;
        return isDraft(parsed) ? parsed : null;
      } catch {
        return null;
      }
    },
    save(userId, submissionId, draft) {
      try {
        storage?.setItem(key(userId, submissionId), JSON.stringify(draft));
      } catch {
        // A full or refused storage only loses the safety net; the form itself keeps working.
      }
    },
    clear(userId, submissionId) {
      storage?.removeItem(key(userId, submissionId));
    },
  };
}

export const draftStore = createDraftStore(typeof localStorage === 'undefined' ? null : localStorage);
