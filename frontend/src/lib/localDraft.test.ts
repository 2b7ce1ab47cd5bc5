import { describe, expect, it } from 'vitest';
import { createDraftStore, type LocalDraft } from './localDraft';

function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() { return data.size; },
    clear: () => data.clear(),
    getItem: (key) => data.get(key) ?? null,
    key: (index) => [...data.keys()][index] ?? null,
    removeItem: (key) => void data.delete(key),
    setItem: (key, value) => void data.set(key, value),
  };
}

const draft: LocalDraft = { version: 3, savedAt: 1, figures: { X: { value: '2' } }, narrative: { results: 'Tốt' } };

describe('draftStore', () => {
  it('keeps a draft per user and report until cleared', () => {
    const store = createDraftStore(memoryStorage());
    store.save(17, 1, draft);
    expect(store.load(17, 1)).toEqual(draft);
    expect(store.load(18, 1)).toBeNull();
    expect(store.load(17, 2)).toBeNull();
    store.clear(17, 1);
    expect(store.load(17, 1)).toBeNull();
  });

  it('ignores a corrupt entry', () => {
    const storage = memoryStorage();
    storage.setItem('qcdc.report-draft.1.1', '{not json');
    storage.setItem('qcdc.report-draft.1.2', JSON.stringify({ version: 'x' }));
    const store = createDraftStore(storage);
    expect(store.load(1, 1)).toBeNull();
    expect(store.load(1, 2)).toBeNull();
  });

  it('works without storage at all', () => {
    const store = createDraftStore(null);
    store.save(1, 1, draft);
    expect(store.load(1, 1)).toBeNull();
  });
});
