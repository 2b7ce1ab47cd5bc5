/**
 * RFC 9457 problem documents as one error type, so every page handles API failures the same way:
 * a message from `detail`, a branch on the stable `code`, and field errors placed on form fields.
 */

import type { components } from './schema';

/**
 * The codes a problem may carry: those the contract declares, and the web app's own for a call
 * that got no problem document (no network; a proxy's bare status).
 */
export type ProblemCode = components['schemas']['ProblemCode'] | 'network_error' | `http_${number}`;

export interface FieldError {
  loc: string[];
  msg: string;
  type: string;
}

/** Where in a request body a field error points: ["username"], ["roles", 0]. */
export type FieldPath = (string | number)[];

export interface FormFieldErrors<K extends string> {
  /** Errors that belong to a field of the form, grouped per field, as `Form.setFields` takes them. */
  fields: { name: K; errors: string[] }[];
  /** Errors the form has no field for: show them above the form so none is lost. */
  unmatched: FieldError[];
}

/** The part of a request a validation error can point into; the rest of `loc` is the field. */
const LOCATIONS = new Set(['body', 'query', 'path', 'header', 'cookie', 'form']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((item) => ({
    loc: Array.isArray(item.loc) ? item.loc.map(String) : [],
    msg: typeof item.msg === 'string' ? item.msg : '',
    type: typeof item.type === 'string' ? item.type : '',
  }));
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** The whole document, for extension members such as `locked_until`. */
  readonly body: Readonly<Record<string, unknown>>;

  constructor(status: number, body: Record<string, unknown>) {
    const detail = typeof body.detail === 'string' ? body.detail : '';
    const title = typeof body.title === 'string' ? body.title : '';
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiProblem';
    this.status = status;
    // The server's codes are the contract's; anything else a proxy may send is shown by problemText
    // through its detail, whatever its code.
    this.code = (typeof body.code === 'string' ? body.code : `http_${status}`) as ProblemCode;
    this.title = title;
    this.detail = detail;
    this.errors = asFieldErrors(body.errors);
    this.body = body;
  }

  /** Any error body: a problem document, or whatever a proxy in between answered. */
  static fromResponse(status: number, body: unknown): ApiProblem {
    if (isRecord(body)) return new ApiProblem(status, body);
    return new ApiProblem(status, typeof body === 'string' && body ? { detail: body } : {});
  }

  /** The server could not be reached at all. */
  static network(cause: unknown): ApiProblem {
    return new ApiProblem(0, {
      code: 'network_error',
      detail: cause instanceof Error ? cause.message : String(cause),
    });
  }

  /** When a locked account opens again (ISO datetime), if the server said. */
  get lockedUntil(): string | null {
    const value = this.body.locked_until;
    return typeof value === 'string' ? value : null;
  }

  /**
   * Places field errors on a form's fields. `known` lists the form's top-level field names: an
   * error deeper inside a field (["roles", "0"]) lands on that field, and one about a field the
   * form does not have is returned as unmatched. `message` turns an error into the text to show.
   */
  formFields<K extends string>(
    known: readonly K[],
    message: (error: FieldError) => string = (e) => e.msg,
  ): FormFieldErrors<K> {
    const byField = new Map<K, { name: K; errors: string[] }>();
    const unmatched: FieldError[] = [];
    for (const error of this.errors) {
      const path = fieldPathOf(error.loc);
      const top = path[0];
      const field = known.find((name) => name === top);
      if (field === undefined) {
        unmatched.push(error);
        continue;
      }
      const entry = byField.get(field) ?? { name: field, errors: [] };
      entry.errors.push(message(error));
      byField.set(field, entry);
    }
    return { fields: [...byField.values()], unmatched };
  }
}

/** ["body", "roles", "0"] → ["roles", 0]: drops the request location, list indexes become numbers. */
export function fieldPathOf(loc: readonly string[]): FieldPath {
  const rest = loc.length > 0 && LOCATIONS.has(loc[0] ?? '') ? loc.slice(1) : [...loc];
  return rest.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
